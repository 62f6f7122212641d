import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** What a contract's doc comment says: its first sentence, and the key its events are partitioned by. */
export interface ContractDoc {
  summary: string;
  /** From the comment's `Key: …` sentence; absent when the comment names none. */
  key?: string;
}

/**
 * Reads the doc comment of every `defineEvent({ type, version, … })` declaration under the
 * contracts' sources, by topic (`<type>.v<version>`). The comments are the contracts' only prose, and
 * they are not in the compiled objects, so they are read from the sources.
 */
export function readContractDocs(sourceDir: string): Map<string, ContractDoc> {
  const docs = new Map<string, ContractDoc>();
  for (const entry of readdirSync(sourceDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.spec.ts')) continue;
    const path = join(entry.parentPath, entry.name);
    const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const statement of file.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        const call = declaration.initializer;
        if (!call || !ts.isCallExpression(call) || call.expression.getText(file) !== 'defineEvent') continue;
        const [spec] = call.arguments;
        if (!spec || !ts.isObjectLiteralExpression(spec)) continue;
        const type = property(spec, 'type');
        const version = property(spec, 'version');
        if (type === undefined || version === undefined) continue;
        docs.set(`${type}.v${version}`, parseDoc(docComment(declaration)));
      }
    }
  }
  return docs;
}

function property(spec: ts.ObjectLiteralExpression, name: string): string | undefined {
  for (const p of spec.properties) {
    if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name) || p.name.text !== name) continue;
    if (ts.isStringLiteral(p.initializer) || ts.isNumericLiteral(p.initializer)) return p.initializer.text;
  }
  return undefined;
}

function docComment(declaration: ts.VariableDeclaration): string {
  return ts
    .getJSDocCommentsAndTags(declaration)
    .filter(ts.isJSDoc)
    .map((d) => ts.getTextOfJSDocComment(d.comment) ?? '')
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function parseDoc(comment: string): ContractDoc {
  const key = /\bKey: (.+?)\.(?:\s|$)/.exec(comment);
  const rest = key ? (comment.slice(0, key.index) + comment.slice(key.index + key[0].length)).trim() : comment;
  // The first sentence: a full stop followed by a space or the end (not the one in "e.g.").
  const first = /^.+?[.!?](?=\s+[A-Z`(]|$)/.exec(rest);
  return { summary: first ? first[0] : rest, ...(key ? { key: key[1] } : {}) };
}
