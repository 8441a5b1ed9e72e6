// The card's `input` section: tensor name, shape, dtype, layout and channel order.
import type { FieldReader } from './fields.js';
import type { InputSpec } from './types.js';

const LAYOUTS = ['NCHW', 'NHWC'] as const;
const ORDERS = ['RGB', 'BGR'] as const;
const DTYPES = ['float32', 'float16', 'uint8'] as const;

export function parseInput(r: FieldReader): InputSpec {
  const layout = r.enumOf('layout', LAYOUTS, 'NCHW');
  const shape = r.numbers('shape', undefined, 4);
  if (!shape.every((d) => Number.isInteger(d) && d > 0)) r.fail('shape', 'must be 4 positive integers');
  const [n, a, b, c] = shape as [number, number, number, number];
  if (n !== 1) r.fail('shape', `batch must be 1, got ${n}`);
  const channels = layout === 'NCHW' ? a : c;
  if (channels !== 3) r.fail('shape', `must have 3 channels in ${layout} position, got ${channels}`);
  const height = layout === 'NCHW' ? b : a;
  const width = layout === 'NCHW' ? c : b;
  const name = r.has('name') ? r.string('name') : undefined;
  return {
    ...(name === undefined ? {} : { name }),
    shape: [n, a, b, c],
    dtype: r.enumOf('dtype', DTYPES, 'float32'),
    layout,
    channelOrder: r.enumOf('channel_order', ORDERS, 'RGB'),
    height,
    width,
  };
}
