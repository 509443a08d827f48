"""Writes the NumPy fixtures of dev.shears.data's tests (run from this folder with numpy installed:
python3 make_numpy_fixtures.py). Uncompressed (numpy.savez), as Shears reads them with ND4J."""
import numpy as np

# 6 examples of [1, 2, 2] float32, labels 0..2 as int64: value = 10·example + position
x = (np.arange(24, dtype=np.float32) + 10 * np.repeat(np.arange(6), 4)).reshape(6, 1, 2, 2)
y = np.array([0, 1, 2, 0, 1, 2], dtype=np.int64)
np.savez("arrays.npz", x=x, y=y)
np.savez("inputs-only.npz", x=x)
np.savez("named.npz", images=x, classes=y)
np.savez("no-x.npz", a=x, b=y)
np.savez("count-mismatch.npz", x=x, y=y[:5])
np.savez("onehot.npz", x=x, y=np.eye(3, dtype=np.float32)[y])
np.savez("negative.npz", x=x, y=np.array([0, 1, -1, 0, 1, 2], dtype=np.int32))
np.savez("fractional.npz", x=x, y=np.array([0, 1, 2.5, 0, 1, 2], dtype=np.float64))

# a .npy pair by the x.npy / y.npy rule, and uint8 images with NAME_labels.npy
pair = "npy-pair"
import os
os.makedirs(pair, exist_ok=True)
np.save(os.path.join(pair, "x.npy"), x)
np.save(os.path.join(pair, "y.npy"), y)
np.save(os.path.join(pair, "digits.npy"), np.array([[0, 128, 255, 7]], dtype=np.uint8).repeat(3, axis=0))
np.save(os.path.join(pair, "digits_labels.npy"), np.array([3, 1, 4], dtype=np.uint8))

# compressed entries, and a Fortran-ordered .npy (same values as x.npy in C order)
np.savez_compressed("compressed.npz", x=x, y=y)
np.save("fortran.npy", np.asfortranarray(x.reshape(6, 4)))
