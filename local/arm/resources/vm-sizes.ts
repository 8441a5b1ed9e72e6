// VirtualMachineSizes_List: the VM sizes of the plane's location (local/skus.ts), in the shape
// `client.virtualMachineSizes.list(location)` reads.
import { sendJson } from '../../arm-http.js';
import { VM_SIZES } from '../../skus.js';
import type { ArmServices } from '../context.js';
import { type ArmRouter, LOCATION } from '../router.js';
import { requireLocation } from './usages.js';

export function vmSizeRoutes(router: ArmRouter, s: ArmServices): void {
  router.on('GET', `${LOCATION}/vmSizes`, 'VirtualMachineSizes_List', async (c, p) => {
    requireLocation(s.store.state, p);
    // No estimatedVMPrices: the field is optional and the plane has no prices to tell.
    sendJson(c.res, 200, { value: VM_SIZES.map((size) => ({ ...size })) }, c.ids);
  });
}
