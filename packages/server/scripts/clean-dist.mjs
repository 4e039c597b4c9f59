// Empties dist/ before a build, so a module deleted from src/ cannot linger in the compiled output.
import { rmSync } from 'node:fs';

rmSync(new URL('../dist/', import.meta.url), { recursive: true, force: true });
