// AutoML's small-object tiling: the image is cut into a cols x rows grid of equal tiles that
// overlap by `overlapRatio` of a tile per axis and together cover the image exactly. Each tile and
// the whole image are scored; their boxes are merged by NMS (see scorer.ts).

export interface Tile {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Tile size s solves n*s - (n-1)*overlap*s = size: tiles of equal size, the last ending at the edge. */
export function tileGrid(
  imageWidth: number,
  imageHeight: number,
  grid: { cols: number; rows: number },
  overlapRatio: number,
): Tile[] {
  const axis = (size: number, n: number): Array<[number, number]> => {
    const tile = size / (n - (n - 1) * overlapRatio);
    const step = tile * (1 - overlapRatio);
    const out: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) {
      const start = Math.round(i * step);
      const end = i === n - 1 ? size : Math.round(i * step + tile);
      out.push([start, Math.max(1, Math.min(size, end) - start)]);
    }
    return out;
  };
  const xs = axis(imageWidth, grid.cols);
  const ys = axis(imageHeight, grid.rows);
  const tiles: Tile[] = [];
  for (const [top, height] of ys) for (const [left, width] of xs) tiles.push({ left, top, width, height });
  return tiles;
}
