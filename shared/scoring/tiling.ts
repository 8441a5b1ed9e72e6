// AutoML's small-object tiling: the image is cut into a cols x rows grid of equal tiles that
// overlap by `overlapRatio` of a tile per axis and together cover the image. Each tile and the
// whole image are scored; their boxes are merged (see scorer.ts). The tile maths follows AutoML's
// get_tiles, including its float32 arithmetic and round-half-to-even, so tile edges land on the
// same pixels as an AutoML endpoint's.

export interface Tile {
  left: number;
  top: number;
  width: number;
  height: number;
}

function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Tile size s solves s * (overlap + (1 - overlap) * n) = size; starts step by (1 - overlap) * s.
 * Tiles are listed column by column (AutoML's order), each clipped to the image. */
export function tileGrid(
  imageWidth: number,
  imageHeight: number,
  grid: { cols: number; rows: number },
  overlapRatio: number,
): Tile[] {
  const axis = (size: number, n: number): Array<[number, number]> => {
    const tile = size / (overlapRatio + (1 - overlapRatio) * n);
    const step = (1 - overlapRatio) * tile;
    const tile32 = Math.fround(tile);
    const out: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) {
      const start32 = Math.fround(i * step);
      const start = roundHalfEven(start32);
      const end = Math.min(size, roundHalfEven(Math.fround(start32 + tile32)));
      out.push([start, Math.max(1, end - start)]);
    }
    return out;
  };
  const xs = axis(imageWidth, grid.cols);
  const ys = axis(imageHeight, grid.rows);
  const tiles: Tile[] = [];
  for (const [left, width] of xs) for (const [top, height] of ys) tiles.push({ left, top, width, height });
  return tiles;
}
