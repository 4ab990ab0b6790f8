"""Golden outputs of the PIL ops behind RandAugment (run: python3 generate.py; needs numpy and Pillow)."""
import numpy as np
from PIL import Image, ImageOps, ImageEnhance
rng = np.random.default_rng(0)
H, W = 13, 17
# smooth-ish image plus noise so histograms/filters are non-trivial
yy, xx = np.mgrid[0:H, 0:W]
base = np.stack([(xx * 6) % 256, (yy * 8) % 256, (xx * 3 + yy * 5) % 256], -1)
arr = np.clip(base + rng.integers(-40, 40, size=(H, W, 3)), 0, 255).astype(np.uint8)
arr.tofile('input.bin')  # raw [H, W, 3] uint8
img = Image.fromarray(arr, 'RGB')
F = (128, 128, 128)
def aff(m): return img.transform(img.size, Image.AFFINE, m, resample=Image.BICUBIC, fillcolor=F)
def sadd(add, thresh=128):
    lut = [min(255, i + add) if i < thresh else i for i in range(256)]
    return img.point(lut * 3)
cases = []
cases.append(('AutoContrast', 0, ImageOps.autocontrast(img)))
cases.append(('Equalize', 0, ImageOps.equalize(img)))
cases.append(('Invert', 0, ImageOps.invert(img)))
for d in (21.0, -13.7, 30.0, 0.4):
    cases.append(('Rotate', d, img.rotate(d, resample=Image.BICUBIC, fillcolor=F)))
for b in (0, 1, 2, 4):
    cases.append(('Posterize', b, ImageOps.posterize(img, b)))
for t in (77, 128, 0):
    cases.append(('Solarize', t, ImageOps.solarize(img, t)))
for a in (77, 30):
    cases.append(('SolarizeAdd', a, sadd(a)))
for name, cls in (('Color', ImageEnhance.Color), ('Contrast', ImageEnhance.Contrast),
                  ('Brightness', ImageEnhance.Brightness), ('Sharpness', ImageEnhance.Sharpness)):
    for f in (0.37, 1.63, 0.1, 1.9, 1.2345):
        cases.append((name, f, cls(img).enhance(f)))
for s in (0.21, -0.3, 0.05):
    cases.append(('ShearX', s, aff((1, s, 0, 0, 1, 0))))
    cases.append(('ShearY', s, aff((1, 0, 0, s, 1, 0))))
for p in (70.0, -33.3, 2.5):
    cases.append(('TranslateX', p, aff((1, 0, p, 0, 1, 0))))
    cases.append(('TranslateY', p, aff((1, 0, 0, 0, 1, p))))
for p in (0.315, -0.2):
    cases.append(('TranslateXRel', p, aff((1, 0, p * W, 0, 1, 0))))
    cases.append(('TranslateYRel', p, aff((1, 0, 0, 0, 1, p * H))))
import gzip, PIL
with open('cases.txt', 'w') as f:
    f.write(f'# Pillow {PIL.__version__}, input {H}x{W} RGB, outputs in order in outputs.bin.gz\n')
    for n, a, out in cases:
        f.write(f'{n} {a!r}\n')
with gzip.GzipFile('outputs.bin.gz', 'wb', mtime=0) as g:
    for _, _, out in cases:
        g.write(np.asarray(out, dtype=np.uint8).tobytes())
print(len(cases), 'cases', H, W)
