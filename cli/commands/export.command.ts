// PLACEHOLDER — being implemented. Registers nothing yet.
import type { Command } from 'commander';

export function registerExport(_program: Command): void {}
