/** `:scenarios`: the library with title, difficulty, modules and best time; Enter starts one. */
import React from 'react';
import type { CatalogEntry } from '../../challenge/launch.js';
import { pickerRows, scenarioLines, type ScenariosView, type StyledLine } from '../challenge-ui.js';
import { StyledLines } from './challenge-lines.js';

export function ScenariosPicker({ entries, view, width, height }: { entries: readonly CatalogEntry[]; view: ScenariosView; width: number; height: number }): React.ReactElement {
  const { header, rows } = scenarioLines(entries, width);
  const shown = rows.slice(view.offset, view.offset + pickerRows(height));
  const lines: StyledLine[] = [{ text: header, bold: true }, ...shown.map((text, i) => ({ text, selected: view.offset + i === view.cursor }))];
  const footer: StyledLine = view.choosing
    ? { text: `Start ${view.choosing} as: p practice   c challenge   (Esc cancels)`, tone: 'accent', bold: true }
    : { text: 'Enter start (then p practice or c challenge)   Esc back', tone: 'completed' };
  return <StyledLines title={`scenarios[${entries.length}]`} lines={lines} offset={0} width={width} height={height} footer={footer} />;
}
