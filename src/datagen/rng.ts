// Temporary re-export while the type families move to the scenario's Rng.
export * from '../scenario/rng.js';
