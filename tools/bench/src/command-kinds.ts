/** Commands per completed verification per instance, by command and collection (`"update sessions"`). */
export type CommandKindShare = Record<string, Record<string, number>>;

export type CommandDetail = Record<string, { total: number; byKind: Record<string, number> } | undefined>;

/** The difference of two `BenchPlatform.databaseCommandDetail()` readings, by command and collection. */
export function commandKindShare(before: CommandDetail, after: CommandDetail, completed: number): CommandKindShare {
  const share: CommandKindShare = {};
  for (const [label, a] of Object.entries(after)) {
    const b = before[label];
    if (!a || !b || !completed) continue;
    share[label] = Object.fromEntries(
      Object.entries(a.byKind)
        .map(([kind, n]) => [kind, (n - (b.byKind[kind] ?? 0)) / completed] as const)
        .filter(([, v]) => v > 0)
        .sort((x, y) => y[1] - x[1]),
    );
  }
  return share;
}

/** One line per instance: its commands per verification by command and collection, the rare ones (< 0.05) summed. */
export function formatCommandKindShare(share: CommandKindShare): string {
  return Object.entries(share)
    .map(([label, kinds]) => {
      const entries = Object.entries(kinds);
      const shown = entries.filter(([, v]) => v >= 0.05);
      const rest = entries.filter(([, v]) => v < 0.05).reduce((sum, [, v]) => sum + v, 0);
      return (
        `    ${label}: ` + [...shown.map(([k, v]) => `${k} ${v.toFixed(2)}`), ...(rest > 0 ? [`others ${rest.toFixed(2)}`] : [])].join(', ')
      );
    })
    .join('\n');
}
