/** The result screen: solved or not, time, hints used, score, the debrief (and the solution after giving up). */
import React from 'react';
import type { ChallengeSession } from '../../challenge/session.js';
import { resultLines, type ResultView } from '../challenge-ui.js';
import { StyledLines } from './challenge-lines.js';

export function ChallengeResult({ session, view, width, height }: { session: ChallengeSession; view: ResultView; width: number; height: number }): React.ReactElement {
  return <StyledLines title={`result: ${session.scenario.metadata.name}`} lines={resultLines(session, width)} offset={view.offset} width={width} height={height} />;
}
