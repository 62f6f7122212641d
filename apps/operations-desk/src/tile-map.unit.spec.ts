import { neighbour, TILE_POSITIONS, tileLayout } from './tile-map';

const codes = Array.from({ length: 47 }, (_, i) => String(i + 1).padStart(2, '0'));

describe('the prefecture tile map', () => {
  it('places each of the 47 prefectures on its own tile inside the grid', () => {
    expect(Object.keys(TILE_POSITIONS).sort()).toEqual(codes);
    const cells = Object.values(TILE_POSITIONS).map(([c, r]) => `${c},${r}`);
    expect(new Set(cells).size).toBe(47);
    const { columns, rows, tiles } = tileLayout(codes.map((code) => ({ code })));
    expect(tiles).toHaveLength(47);
    for (const t of tiles) {
      expect(t.column).toBeLessThan(columns);
      expect(t.row).toBeLessThan(rows);
    }
  });

  it('keeps north-east to south-west roughly as on a map, and lists tiles in reading order', () => {
    const { tiles } = tileLayout(codes.map((code) => ({ code })));
    expect(tiles[0]!.prefecture.code).toBe('01'); // Hokkaido first
    expect(tiles.at(-1)!.prefecture.code).toBe('47'); // Okinawa last
    const [tokyoC] = TILE_POSITIONS['13']!;
    const [osakaC] = TILE_POSITIONS['27']!;
    const [fukuokaC, fukuokaR] = TILE_POSITIONS['40']!;
    expect(tokyoC).toBeGreaterThan(osakaC);
    expect(osakaC).toBeGreaterThan(fukuokaC);
    expect(fukuokaR).toBeGreaterThan(TILE_POSITIONS['01']![1]);
    for (let i = 1; i < tiles.length; i++) {
      const a = tiles[i - 1]!;
      const b = tiles[i]!;
      expect(a.row < b.row || (a.row === b.row && a.column < b.column)).toBe(true);
    }
  });

  it('moves between tiles with the arrow keys and stays put at an edge', () => {
    const { tiles } = tileLayout(codes.map((code) => ({ code })));
    const at = (code: string) => tiles.findIndex((t) => t.prefecture.code === code);
    expect(tiles[neighbour(tiles, at('13'), 'ArrowLeft')]!.prefecture.code).toBe('11'); // 東京 → 埼玉
    expect(tiles[neighbour(tiles, at('13'), 'ArrowDown')]!.prefecture.code).toBe('14'); // 東京 → 神奈川
    expect(tiles[neighbour(tiles, at('02'), 'ArrowUp')]!.prefecture.code).toBe('01');
    expect(neighbour(tiles, at('01'), 'ArrowUp')).toBe(at('01'));
    expect(neighbour(tiles, at('01'), 'ArrowRight')).toBe(at('01'));
  });
});
