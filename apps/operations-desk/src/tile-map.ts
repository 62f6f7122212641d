/**
 * The 47 prefectures as a tile map (pure): one square per prefecture, placed roughly where it lies
 * (Hokkaido top right, Okinawa bottom left), so the desk sees at a glance where sites are down.
 * Keyed by JIS X 0401 code.
 */

/** [column, row] of each prefecture's tile. */
export const TILE_POSITIONS: Readonly<Record<string, readonly [number, number]>> = {
  '01': [12, 0],
  '02': [11, 1],
  '05': [10, 2],
  '03': [11, 2],
  '06': [10, 3],
  '04': [11, 3],
  '17': [7, 4],
  '16': [8, 4],
  '15': [9, 4],
  '07': [10, 4],
  '32': [2, 5],
  '31': [3, 5],
  '28': [4, 5],
  '26': [5, 5],
  '18': [6, 5],
  '21': [7, 5],
  '20': [8, 5],
  '10': [9, 5],
  '09': [10, 5],
  '08': [11, 5],
  '35': [1, 6],
  '34': [2, 6],
  '33': [3, 6],
  '27': [4, 6],
  '29': [5, 6],
  '25': [6, 6],
  '23': [7, 6],
  '19': [8, 6],
  '11': [9, 6],
  '13': [10, 6],
  '12': [11, 6],
  '41': [0, 7],
  '40': [1, 7],
  '38': [2, 7],
  '37': [3, 7],
  '30': [4, 7],
  '24': [5, 7],
  '22': [7, 7],
  '14': [10, 7],
  '42': [0, 8],
  '43': [1, 8],
  '44': [2, 8],
  '39': [3, 8],
  '36': [4, 8],
  '46': [0, 9],
  '45': [1, 9],
  '47': [0, 10],
};

export interface Tile<P> {
  prefecture: P;
  column: number;
  row: number;
}

/** The grid's size and the tiles in reading order (row by row), which is also the keyboard order. */
export function tileLayout<P extends { code: string }>(prefectures: readonly P[]): { columns: number; rows: number; tiles: Tile<P>[] } {
  const tiles = prefectures
    .filter((p) => TILE_POSITIONS[p.code])
    .map((p) => ({ prefecture: p, column: TILE_POSITIONS[p.code]![0], row: TILE_POSITIONS[p.code]![1] }))
    .sort((a, b) => a.row - b.row || a.column - b.column);
  const columns = Math.max(0, ...Object.values(TILE_POSITIONS).map(([c]) => c + 1));
  const rows = Math.max(0, ...Object.values(TILE_POSITIONS).map(([, r]) => r + 1));
  return { columns, rows, tiles };
}

/** The tile reached by an arrow key from `index` in the reading order (the nearest tile in that direction). */
export function neighbour<P>(tiles: readonly Tile<P>[], index: number, key: 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown'): number {
  const from = tiles[index];
  if (!from) return index;
  const [dc, dr] = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[key];
  let best = index;
  let bestScore = Infinity;
  tiles.forEach((t, i) => {
    const c = t.column - from.column;
    const r = t.row - from.row;
    const along = c * dc + r * dr;
    if (along <= 0) return;
    const across = Math.abs(dc ? r : c);
    const score = along + across * 2;
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return best;
}
