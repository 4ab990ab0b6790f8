"""Writes the crafted part of the seed corpus of CheckpointReadersFuzzTest (run from this folder).

Seeds: real pickles (data.pkl of the two reference checkpoints, CPython pickles of plain data),
hostile pickles, hostile zips and hostile safetensors files. The small files written by our own
writers (every-dtype.pth, bare.pt, every-dtype.safetensors) come from TorchCheckpointWriter and
SafetensorsWriter with SafetensorsTest.everyDType() and are kept as they are.
"""
import io, json, os, shutil, struct, zipfile

ROOT = '../org/simvtp/models/io/CheckpointReadersFuzzTestInputs'
PICKLES, ZIPS, TENSORS = (os.path.join(ROOT, d) for d in ('unpickler', 'torchCheckpoint', 'safetensors'))


def put(folder, name, data):
    with open(os.path.join(folder, name), 'wb') as f:
        f.write(data)


def u32(v):
    return struct.pack('<I', v)


def u64(v):
    return struct.pack('<Q', v)


def binunicode(s):
    b = s.encode()
    return b'X' + u32(len(b)) + b


def tensor_pickle(storage_type, numel, size, stride, offset=0):
    """{'model': {'w': _rebuild_tensor_v2(storage '0', offset, size, stride, False, OrderedDict())}}"""
    def ints(values):
        return b'(' + b''.join(b'J' + struct.pack('<i', v) for v in values) + b't'
    pid = b'(' + binunicode('storage') + b'ctorch\n' + storage_type.encode() + b'\n' + binunicode('0') \
        + binunicode('cpu') + b'J' + struct.pack('<i', numel) + b't'
    t = b'ctorch._utils\n_rebuild_tensor_v2\n(' + pid + b'QJ' + struct.pack('<i', offset) + ints(size) \
        + ints(stride) + b'\x89ccollections\nOrderedDict\n)Rt' + b'R'
    return b'\x80\x02}' + binunicode('model') + b'}' + binunicode('w') + t + b'ss.'


def torch_zip(pickle, storages=(), top='archive', method=zipfile.ZIP_STORED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', method) as z:
        z.writestr(top + '/data.pkl', pickle)
        z.writestr(top + '/byteorder', 'little')
        for key, data in storages:
            z.writestr(top + '/data/' + key, data)
        z.writestr(top + '/version', '3\n')
    return out.getvalue()


# ---------------------------------------------------------------- pickles
for fixture, top in (('pretrain-checkpoint.pth', 'pretrain-checkpoint'), ('finetune-model_states.pt', 'finetune-model_states')):
    put(PICKLES, 'real-' + top + '.pkl', zipfile.ZipFile(fixture).read(top + '/data.pkl'))
for name in ('plain-p0.pkl', 'plain-p2.pkl', 'plain-p5.pkl', 'namespace-p2.pkl', 'numpy-scalars-p4.pkl'):
    shutil.copy(os.path.join('pickles', name), os.path.join(PICKLES, 'cpython-' + name))
put(PICKLES, 'hostile-os-system-p0.pkl', b"cos\nsystem\n(S'echo pwned'\ntR.")
put(PICKLES, 'hostile-builtins-eval-p2.pkl', b'\x80\x02cbuiltins\neval\n' + binunicode('__import__("os")') + b'\x85R.')
put(PICKLES, 'hostile-subprocess-p4.pkl',
    b'\x80\x04\x8c\x0asubprocess\x94\x8c\x05Popen\x94\x93\x94' + binunicode('id') + b'\x85R.')
put(PICKLES, 'hostile-reduce-on-string.pkl', b'\x80\x02' + binunicode('abc') + b')R.')
put(PICKLES, 'hostile-build-on-list.pkl', b'\x80\x02]}b.')
put(PICKLES, 'hostile-nested-lists-2000.pkl', b'\x80\x02' + b']' * 2000 + b'a' * 1999 + b'.')
# lists memoised first, chained later: nesting that no single opcode reveals
chain = b'\x80\x02' + b''.join(b']r' + u32(i) + b'0' for i in range(1500))
chain += b''.join(b'j' + u32(i) + b'j' + u32(i + 1) + b'a0' for i in range(1499)) + b'j' + u32(0) + b'.'
put(PICKLES, 'hostile-memo-chain-1500.pkl', chain)
put(PICKLES, 'hostile-nested-tuple-key.pkl', b'\x80\x02}N' + b'\x85' * 100 + b'Ns.')
put(PICKLES, 'hostile-binunicode8-huge.pkl', b'\x80\x04\x8d' + u64(1 << 62) + b'abc.')
put(PICKLES, 'hostile-long4-huge.pkl', b'\x80\x02\x8b' + u32(0x7ffffff0) + b'\x01.')
put(PICKLES, 'hostile-frame-huge.pkl', b'\x80\x04\x95' + u64(1 << 40) + b'N.')
put(PICKLES, 'hostile-stack-underflow.pkl', b'\x80\x02(1a.')
put(PICKLES, 'torch-broadcast-view.pkl', tensor_pickle('FloatStorage', 1, [1 << 20, 1 << 12], [0, 0]))
put(PICKLES, 'torch-view-outside-storage.pkl', tensor_pickle('HalfStorage', 4, [3], [2], offset=1))

# ---------------------------------------------------------------- torch zips
put(ZIPS, 'hostile-os-system.pth', torch_zip(b"cos\nsystem\n(S'echo pwned'\ntR."))
put(ZIPS, 'storage-smaller-than-declared.pth', torch_zip(tensor_pickle('FloatStorage', 1000, [1000], [1]),
                                                         [('0', b'\0' * 8)]))
put(ZIPS, 'broadcast-view-128mib.pth', torch_zip(tensor_pickle('FloatStorage', 1, [8192, 4096], [0, 0]),
                                                 [('0', b'\0' * 4)]))
put(ZIPS, 'strided-view.pth', torch_zip(tensor_pickle('LongStorage', 6, [2, 3], [1, 2]),
                                        [('0', b''.join(struct.pack('<q', i) for i in range(6)))]))
bomb = bytearray(torch_zip(tensor_pickle('ByteStorage', 1 << 30, [1 << 30], [1]), [('0', b'\0' * 4096)],
                           method=zipfile.ZIP_DEFLATED))
z = zipfile.ZipFile(io.BytesIO(bytes(bomb)))
info = z.getinfo('archive/data/0')
# declare 1 GiB uncompressed in both headers (local: offset 22, central: offset 24)
bomb[info.header_offset + 22:info.header_offset + 26] = u32(1 << 30)
pos = 0
while True:
    pos = bytes(bomb).find(b'PK\x01\x02', pos)
    if pos < 0:
        break
    n = struct.unpack('<H', bomb[pos + 28:pos + 30])[0]
    if bomb[pos + 46:pos + 46 + n] == b'archive/data/0':
        bomb[pos + 24:pos + 28] = u32(1 << 30)
    pos += 4
put(ZIPS, 'hostile-deflate-bomb.pth', bytes(bomb))
put(ZIPS, 'legacy-format.pth', b'\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.' + b'\0' * 16)
put(ZIPS, 'not-a-zip.pth', b'PK\x03\x04 but nothing else')

# ---------------------------------------------------------------- safetensors
def safetensors(header, data=b'', length=None):
    h = header if isinstance(header, bytes) else json.dumps(header).encode()
    return u64(len(h) if length is None else length) + h + data

w = {'dtype': 'F32', 'shape': [2], 'data_offsets': [0, 8]}
put(TENSORS, 'python-written.safetensors', safetensors({'w': w, 'b': {'dtype': 'I64', 'shape': [1], 'data_offsets': [8, 16]}},
                                                       struct.pack('<ffq', 1.5, -2.0, 7)))
put(TENSORS, 'hostile-header-length-huge.safetensors', safetensors({'w': w}, b'\0' * 8, length=1 << 63))
put(TENSORS, 'hostile-header-past-end.safetensors', safetensors({'w': w}, b'\0' * 8, length=4096))
put(TENSORS, 'hostile-overlapping-offsets.safetensors',
    safetensors({'a': w, 'b': {'dtype': 'F32', 'shape': [2], 'data_offsets': [4, 12]}}, b'\0' * 12))
put(TENSORS, 'hostile-shape-overflow.safetensors',
    safetensors({'a': {'dtype': 'F64', 'shape': [1 << 40, 1 << 40], 'data_offsets': [0, 8]}}, b'\0' * 8))
put(TENSORS, 'hostile-deep-json.safetensors',
    safetensors(b'{"a":' + b'[' * 100000 + b']' * 100000 + b'}'))
put(TENSORS, 'hostile-not-utf8.safetensors', safetensors(b'{"\xff\xfe":1}'))
put(TENSORS, 'hostile-duplicate-key.safetensors', safetensors(b'{"w":' + json.dumps(w).encode() + b',"w":'
                                                              + json.dumps(w).encode() + b'}', b'\0' * 8))
put(TENSORS, 'metadata-not-string.safetensors', safetensors({'__metadata__': {'a': 1}}))

# a genuine file cut short
genuine = open(os.path.join(ZIPS, 'every-dtype.pth'), 'rb').read()
put(ZIPS, 'truncated-every-dtype.pth', genuine[:len(genuine) * 2 // 3])
