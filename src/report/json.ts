import type { Report } from '../types.ts';

export const formatJson = (report: Report): string => `${JSON.stringify(report, null, 2)}\n`;
