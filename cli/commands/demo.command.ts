// PLACEHOLDER — being implemented. Registers nothing yet.
import type { Command } from 'commander';

export function registerDemo(_program: Command): void {}
