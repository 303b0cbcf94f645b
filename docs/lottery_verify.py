#!/usr/bin/env python3
"""Independent verifier of a LiveLens lottery proof (docs/lottery.md), standard library only.

    python3 docs/lottery_verify.py proof.json     # exit 0 valid, 1 invalid

It shares no code with the Rust implementation: SHA-256 from hashlib, ChaCha20 written out
below (checked against the `cryptography` package's keystream).
"""
import hashlib, json, struct, sys


def chacha20_words(key: bytes):
    """ChaCha20 keystream (key = seed, nonce 0, block counter from 0) as 64-bit words, LE."""
    def rotl(v, c): return ((v << c) & 0xffffffff) | (v >> (32 - c))
    def qr(s, a, b, c, d):
        s[a] = (s[a] + s[b]) & 0xffffffff; s[d] = rotl(s[d] ^ s[a], 16)
        s[c] = (s[c] + s[d]) & 0xffffffff; s[b] = rotl(s[b] ^ s[c], 12)
        s[a] = (s[a] + s[b]) & 0xffffffff; s[d] = rotl(s[d] ^ s[a], 8)
        s[c] = (s[c] + s[d]) & 0xffffffff; s[b] = rotl(s[b] ^ s[c], 7)
    k = list(struct.unpack('<8I', key))
    counter = 0
    while True:
        init = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574] + k + [counter & 0xffffffff, counter >> 32, 0, 0]
        s = init[:]
        for _ in range(10):
            qr(s, 0, 4, 8, 12); qr(s, 1, 5, 9, 13); qr(s, 2, 6, 10, 14); qr(s, 3, 7, 11, 15)
            qr(s, 0, 5, 10, 15); qr(s, 1, 6, 11, 12); qr(s, 2, 7, 8, 13); qr(s, 3, 4, 9, 14)
        block = struct.pack('<16I', *[(a + b) & 0xffffffff for a, b in zip(s, init)])
        for i in range(0, 64, 8):
            yield struct.unpack('<Q', block[i:i + 8])[0]
        counter += 1

def below(words, n):
    reject_under = (1 << 64) % n
    while True:
        x = next(words)
        if x >= reject_under:
            return x % n

def draw(seed: bytes, eligible, k):
    words = chacha20_words(seed)
    order = list(range(len(eligible)))
    k = min(k, len(eligible))
    for i in range(k):
        j = i + below(words, len(eligible) - i)
        order[i], order[j] = order[j], order[i]
    return [eligible[p] for p in order[:k]]

def commitment(seed: bytes, eligible):
    seed_hash = hashlib.sha256(seed).hexdigest()
    list_hash = hashlib.sha256(''.join(i + '\n' for i in eligible).encode('utf-8')).hexdigest()
    combined = hashlib.sha256(f'livelens-lottery-v1\n{seed_hash}\n{list_hash}\n'.encode()).hexdigest()
    short = combined[:8].upper()
    return dict(seed_hash=seed_hash, list_hash=list_hash, combined=combined,
                short_code=short[:4] + '-' + short[4:])

def main(path):
    p = json.load(open(path, encoding='utf-8'))
    problems = []
    if p.get('version') != 1:
        return [f"version {p.get('version')} is not 1"]
    eligible = p['eligible']
    if eligible != sorted(set(eligible), key=lambda s: s.encode('utf-8')):
        problems.append('the eligible list is not sorted by UTF-8 bytes without repeats')
    if any(x in eligible for x in p['rule']['excluded']):
        problems.append('an excluded person is in the eligible list')
    if not p.get('seed'):
        return problems + ['the seed has not been revealed']
    seed = bytes.fromhex(p['seed'])
    for key, value in commitment(seed, eligible).items():
        if p['commitment'][key] != value:
            problems.append(f"{key}: proof {p['commitment'][key]}, recomputed {value}")
    winners = draw(seed, eligible, p['winners_requested'])
    if winners != p['winners']:
        problems.append(f"winners: proof {p['winners']}, recomputed {winners}")
    return problems


if __name__ == '__main__':
    problems = main(sys.argv[1])
    for m in problems:
        print('invalid:', m)
    print('INVALID' if problems else 'valid')
    sys.exit(1 if problems else 0)
