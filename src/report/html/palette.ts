// One palette for the page and its drawings: a status colour, and for the map a
// colour per step, so an edge says at a glance where the path broke.
import type { Status } from '../../types.ts';
import type { Step } from '../instances.ts';

export const STATUS_COLOR: Record<Status, string> = { pass: '#2e8540', warn: '#b7791f', fail: '#c53030', skip: '#a0aec0' };

export const STEP_COLOR: Record<Step, string> = { dns: '#805ad5', tcp: '#dd6b20', tls: '#c53030', http: '#b83280' };

export const STEP_LABEL: Record<Step, string> = { dns: 'DNS', tcp: 'TCP', tls: 'TLS', http: 'HTTP' };
