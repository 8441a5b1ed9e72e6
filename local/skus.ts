// The VM sizes the plane knows, as VirtualMachineSizes_List describes them, and the quota maths
// AML applies to managed online deployments. `MIR` in supportedComputeTypes marks the sizes a
// managed online deployment may use (the managed-endpoint SKU list); the others exist for training
// compute only and a deployment on them is refused.

export interface VmFamily {
  /** Quota family name, as `family` of a VM size and `name.value` of a usage. */
  name: string;
  /** How Azure names the family in usages' localizedValue. */
  display: string;
  /** Default dedicated-core limit of the family on this plane (settable through the admin API). */
  defaultLimit: number;
}

export interface VmSize {
  name: string;
  family: string;
  vCPUs: number;
  gpus: number;
  osVhdSizeMB: number;
  maxResourceVolumeMB: number;
  memoryGB: number;
  lowPriorityCapable: boolean;
  premiumIO: boolean;
  supportedComputeTypes: string[];
}

// Defaults are generous so tests only meet a quota when they set one; Azure's own defaults vary
// by subscription offer (GPU families often start at 0).
export const VM_FAMILIES: VmFamily[] = [
  { name: 'standardDSv2Family', display: 'Standard DSv2 Family', defaultLimit: 100 },
  { name: 'standardFSv2Family', display: 'Standard FSv2 Family', defaultLimit: 100 },
  { name: 'standardESv3Family', display: 'Standard ESv3 Family', defaultLimit: 100 },
  { name: 'standardDASv4Family', display: 'Standard DASv4 Family', defaultLimit: 100 },
  { name: 'standardNCSv3Family', display: 'Standard NCSv3 Family', defaultLimit: 48 },
  { name: 'standardNCASv3_T4Family', display: 'Standard NCASv3_T4 Family', defaultLimit: 48 },
  { name: 'standardNCADSA100v4Family', display: 'Standard NCADSA100v4 Family', defaultLimit: 96 },
  { name: 'standardNDASv4_A100Family', display: 'Standard NDASv4_A100 Family', defaultLimit: 96 },
];

/** The regional total AML reports beside the families ("Total Cluster Dedicated Regional vCPUs"). */
export const TOTAL_DEDICATED = {
  name: 'Total Cluster Dedicated Regional vCPUs',
  display: 'Total Cluster Dedicated Regional vCPUs',
  defaultLimit: 400,
};

const OS_DISK_MB = 1047552;
const ONLINE = ['AmlCompute', 'ComputeInstance', 'MIR'];
const TRAINING = ['AmlCompute', 'ComputeInstance'];

// [name, family, vCPUs, memoryGB, gpus, temp disk MB, compute types]
const SIZES: Array<[string, string, number, number, number, number, string[]]> = [
  ['Standard_DS1_v2', 'standardDSv2Family', 1, 3.5, 0, 7168, TRAINING],
  ['Standard_DS2_v2', 'standardDSv2Family', 2, 7, 0, 14336, ONLINE],
  ['Standard_DS3_v2', 'standardDSv2Family', 4, 14, 0, 28672, ONLINE],
  ['Standard_DS4_v2', 'standardDSv2Family', 8, 28, 0, 57344, ONLINE],
  ['Standard_DS5_v2', 'standardDSv2Family', 16, 56, 0, 114688, ONLINE],
  ['Standard_DS11_v2', 'standardDSv2Family', 2, 14, 0, 28672, TRAINING],
  ['Standard_F2s_v2', 'standardFSv2Family', 2, 4, 0, 16384, ONLINE],
  ['Standard_F4s_v2', 'standardFSv2Family', 4, 8, 0, 32768, ONLINE],
  ['Standard_F8s_v2', 'standardFSv2Family', 8, 16, 0, 65536, ONLINE],
  ['Standard_F16s_v2', 'standardFSv2Family', 16, 32, 0, 131072, ONLINE],
  ['Standard_F32s_v2', 'standardFSv2Family', 32, 64, 0, 262144, ONLINE],
  ['Standard_F48s_v2', 'standardFSv2Family', 48, 96, 0, 393216, ONLINE],
  ['Standard_F64s_v2', 'standardFSv2Family', 64, 128, 0, 524288, ONLINE],
  ['Standard_F72s_v2', 'standardFSv2Family', 72, 144, 0, 589824, ONLINE],
  ['Standard_E2s_v3', 'standardESv3Family', 2, 16, 0, 32768, ONLINE],
  ['Standard_E4s_v3', 'standardESv3Family', 4, 32, 0, 65536, ONLINE],
  ['Standard_E8s_v3', 'standardESv3Family', 8, 64, 0, 131072, ONLINE],
  ['Standard_E16s_v3', 'standardESv3Family', 16, 128, 0, 262144, ONLINE],
  ['Standard_E32s_v3', 'standardESv3Family', 32, 256, 0, 524288, ONLINE],
  ['Standard_E48s_v3', 'standardESv3Family', 48, 384, 0, 786432, ONLINE],
  ['Standard_E64s_v3', 'standardESv3Family', 64, 432, 0, 884736, ONLINE],
  ['Standard_D2as_v4', 'standardDASv4Family', 2, 8, 0, 16384, ONLINE],
  ['Standard_D4as_v4', 'standardDASv4Family', 4, 16, 0, 32768, ONLINE],
  ['Standard_D8as_v4', 'standardDASv4Family', 8, 32, 0, 65536, ONLINE],
  ['Standard_D16as_v4', 'standardDASv4Family', 16, 64, 0, 131072, ONLINE],
  ['Standard_D32as_v4', 'standardDASv4Family', 32, 128, 0, 262144, ONLINE],
  ['Standard_NC6s_v3', 'standardNCSv3Family', 6, 112, 1, 344064, ONLINE],
  ['Standard_NC12s_v3', 'standardNCSv3Family', 12, 224, 2, 688128, ONLINE],
  ['Standard_NC24s_v3', 'standardNCSv3Family', 24, 448, 4, 1376256, ONLINE],
  ['Standard_NC4as_T4_v3', 'standardNCASv3_T4Family', 4, 28, 1, 184320, ONLINE],
  ['Standard_NC8as_T4_v3', 'standardNCASv3_T4Family', 8, 56, 1, 368640, ONLINE],
  ['Standard_NC16as_T4_v3', 'standardNCASv3_T4Family', 16, 110, 1, 368640, ONLINE],
  ['Standard_NC64as_T4_v3', 'standardNCASv3_T4Family', 64, 440, 4, 2949120, ONLINE],
  ['Standard_NC24ads_A100_v4', 'standardNCADSA100v4Family', 24, 220, 1, 65536, ONLINE],
  ['Standard_NC48ads_A100_v4', 'standardNCADSA100v4Family', 48, 440, 2, 131072, ONLINE],
  ['Standard_NC96ads_A100_v4', 'standardNCADSA100v4Family', 96, 880, 4, 262144, ONLINE],
  ['Standard_ND96asr_v4', 'standardNDASv4_A100Family', 96, 900, 8, 6291456, ONLINE],
];

export const VM_SIZES: VmSize[] = SIZES.map(([name, family, vCPUs, memoryGB, gpus, temp, types]) => ({
  name,
  family,
  vCPUs,
  gpus,
  osVhdSizeMB: OS_DISK_MB,
  maxResourceVolumeMB: temp,
  memoryGB,
  lowPriorityCapable: true,
  premiumIO: true,
  supportedComputeTypes: types,
}));

export function findVmSize(name: string | undefined): VmSize | undefined {
  const lower = (name ?? '').toLowerCase();
  return VM_SIZES.find((s) => s.name.toLowerCase() === lower);
}

/** Whether a managed online deployment may run on this size. */
export function isOnlineSize(size: VmSize): boolean {
  return size.supportedComputeTypes.includes('MIR');
}

/**
 * Cores a managed online deployment holds against its family's quota. AML reserves 20% more
 * instances than requested so an upgrade can surge (ceil(1.2 x instances)); Azure's OutOfQuota
 * message for one Standard_F4s_v2 instance says "Additional needed: 8", which is this sum.
 */
export function coresHeld(size: VmSize, instances: number): number {
  return Math.ceil((instances * 12) / 10) * size.vCPUs; // integer maths: 1.2 * 5 is 6.000000000000001
}
