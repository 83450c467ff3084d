#!/usr/bin/env python3
"""Reference outputs of xoshiro256** seeded through SplitMix64, for tests/Vigil.Core.Tests/Numerics/Xoshiro256Tests.cs.

An independent transcription of the public-domain reference C code by Blackman and Vigna
(prng.di.unimi.it/xoshiro256starstar.c and splitmix64.c), written with Python integers masked to 64 bits.
Run: python3 scripts/xoshiro256_reference.py
"""

MASK = (1 << 64) - 1


def splitmix64(state):
    """Returns (new_state, output) of one SplitMix64 step."""
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class Xoshiro256StarStar:
    def __init__(self, seed):
        sm = seed & MASK
        self.s = []
        for _ in range(4):
            sm, out = splitmix64(sm)
            self.s.append(out)

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result


def main():
    for seed in (0, 1, 42, 0xFFFFFFFFFFFFFFFF):
        gen = Xoshiro256StarStar(seed)
        outputs = [gen.next() for _ in range(8)]
        print(f"seed {seed}:")
        for value in outputs:
            print(f"    0x{value:016X}UL,")
        # The 1000th output checks that the state keeps evolving correctly over a longer run.
        for _ in range(1000 - 8 - 1):
            gen.next()
        print(f"  output #1000: 0x{gen.next():016X}UL")


if __name__ == "__main__":
    main()
