# Generates the benign pickle fixtures used by RestrictedUnpicklerTest (run once with CPython 3.11).
# Hostile inputs are NOT stored here: the tests build them in Java at test time.
import argparse, collections, pickle

shared = [7, 8]


def plain(protocol):
    d = {
        'none': None, 't': True, 'f': False,
        'ints': [0, 1, -1, 255, 256, 65535, 65536, -129, 2**31 - 1, -2**31, 2**31, 2**63 - 1, -2**63, 2**100, -2**70],
        'floats': [0.1, -1e300, float('inf'), 2.5],
        'text': 'h\u00e9llo \u2603 \U0001d11e\n"q"\\',
        'bytes': b'\x00\xff\n',
        'tuples': ((), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)),
        'keys': {1: 'one', (2, 'x'): 'tuple'},
        'set': {3},
        'frozen': frozenset([4]),
        'shared': [shared, shared],
        'od': collections.OrderedDict([('b', 1), ('a', 2)]),
    }
    if protocol >= 5:
        d['ba'] = bytearray(b'ab')
    return d


for p in range(6):
    with open('plain-p%d.pkl' % p, 'wb') as f:
        pickle.dump(plain(p), f, protocol=p)

ns = argparse.Namespace(model='pretrain_simvtp_base_patch16_224', mask_ratio=0.9, batch_size=16)
for p in (2, 4):
    with open('namespace-p%d.pkl' % p, 'wb') as f:
        pickle.dump({'args': ns}, f, protocol=p)

try:
    import numpy as np
    scalars = {'f8': np.float64(0.5), 'f4': np.float32(-1.25), 'i8': np.int64(-3), 'u1': np.uint8(200),
               'b1': np.bool_(True), 'f2': np.float16(0.333)}
    for p in (2, 4):
        with open('numpy-scalars-p%d.pkl' % p, 'wb') as f:
            pickle.dump(scalars, f, protocol=p)
except ImportError:
    pass
