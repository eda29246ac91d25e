// The only source of randomness in the simulated hypervisor: the stack's seeded PRNG (sfc32
// seeded by the cyrb128 hash of a key, libs/contracts/src/behaviours/seeded-random.ts, shared
// with the behaviours' draws). Each task draws from its own generator, keyed by FAULT_SEED and
// the task's identity (server id, task kind, the stream version of the event that asked for
// it), so a run repeats exactly whatever order tasks interleave in, and a task resumed after a
// crash draws the very same latencies and faults it drew before.

export { SeededRandom } from '@app/contracts';
