// Behaviours (fault and delay injection): their events, criteria and matching.
export * from './behaviour';
export * from './behaviour-match';
export * from './behaviour-draws';
export * from './seeded-random';
