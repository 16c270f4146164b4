/** The challenge ticket: countdown, the goal checked live, hints taken, questions. */
import React from 'react';
import type { ChallengeSession } from '../../challenge/session.js';
import { ticketLines, type TicketView } from '../challenge-ui.js';
import { useTheme } from '../theme.js';
import { StyledLines } from './challenge-lines.js';

export function ChallengeTicket({ session, view, width, height }: { session: ChallengeSession; view: TicketView; width: number; height: number }): React.ReactElement {
  const theme = useTheme();
  const lines = ticketLines(session, width, view.cursor, theme.ascii || !theme.color);
  return <StyledLines title={`ticket: ${session.scenario.metadata.name}`} lines={lines} offset={view.offset} width={width} height={height} />;
}
