package org.simvtp.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TensorDataTest {

    @Test
    void halfPrecisionConversionIsExactForAllBitPatterns() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int exponent = (bits >>> 10) & 0x1f;
            int mantissa = bits & 0x3ff;
            double sign = (bits & 0x8000) != 0 ? -1 : 1;
            float actual = HalfFloats.halfToFloat(bits);
            if (exponent == 0x1f) {
                assertTrue(
                        mantissa == 0 ? Float.isInfinite(actual) && Math.signum(actual) == sign : Float.isNaN(actual),
                        Integer.toHexString(bits));
                continue;
            }
            double expected = exponent == 0
                    ? sign * Math.scalb((double) mantissa, -24)
                    : sign * Math.scalb(1.0 + mantissa / 1024.0, exponent - 15);
            assertEquals((float) expected, actual, Integer.toHexString(bits));
            assertEquals(Float.floatToIntBits((float) expected), Float.floatToIntBits(actual), "signed zero too");
        }
        assertEquals(65504f, HalfFloats.halfToFloat(0x7bff));
        assertEquals(1f, HalfFloats.bfloat16ToFloat(0x3f80));
        assertEquals(-5f, HalfFloats.bfloat16ToFloat(0xc0a0));
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.bfloat16ToFloat(0x7f80));
    }

    @Test
    void convertsEveryDTypeToFloatsAndIntegersToLongs() {
        Map<String, TensorData> t = SafetensorsTest.everyDType();
        assertArrayEquals(
                new float[] {(float) Math.PI, -0f, Float.NaN}, t.get("f64").toFloatArray());
        assertArrayEquals(
                new float[] {1f, -0x1p-24f, Float.NaN, -65504f}, t.get("f16").toFloatArray());
        assertArrayEquals(new float[] {1f, -5f}, t.get("bf16").toFloatArray());
        assertArrayEquals(new long[] {Long.MIN_VALUE, 42}, t.get("i64").toLongArray());
        assertArrayEquals(new long[] {-7, Integer.MAX_VALUE}, t.get("i32").toLongArray());
        assertArrayEquals(new long[] {-300}, t.get("i16").toLongArray());
        assertArrayEquals(new long[] {-1, 2, 127}, t.get("i8").toLongArray());
        assertArrayEquals(new long[] {200, 0, 255}, t.get("u8").toLongArray());
        assertArrayEquals(new float[] {200, 0, 255}, t.get("u8").toFloatArray());
        assertArrayEquals(new float[] {1, 0}, t.get("bool").toFloatArray());
        assertThrows(IllegalStateException.class, () -> t.get("f32").toLongArray());
        TensorData widened = t.get("f16").toFloat32();
        assertEquals(DType.F32, widened.dtype());
        assertArrayEquals(t.get("f16").toFloatArray(), widened.toFloatArray());
        assertSame(t.get("i8"), t.get("i8").toFloat32());
    }

    @Test
    void ndArraysUseComputationTypesOrExactTypes() {
        Map<String, TensorData> t = SafetensorsTest.everyDType();
        try (NDManager manager = NDManager.newBaseManager()) {
            assertConverted(manager, t.get("f64"), DataType.FLOAT32);
            assertConverted(manager, t.get("f16"), DataType.FLOAT32);
            assertConverted(manager, t.get("bf16"), DataType.FLOAT32);
            assertConverted(manager, t.get("i16"), DataType.INT32);
            assertConverted(manager, t.get("i8"), DataType.INT32);
            assertConverted(manager, t.get("i32"), DataType.INT32);
            assertConverted(manager, t.get("u8"), DataType.UINT8);
            NDArray flags = t.get("bool").toNDArray(manager);
            assertEquals(DataType.BOOLEAN, flags.getDataType());
            assertArrayEquals(new boolean[] {true, false}, flags.toBooleanArray());
            NDArray longs = t.get("i64").toNDArray(manager);
            assertArrayEquals(new long[] {Long.MIN_VALUE, 42}, longs.toLongArray());
            NDArray scalar = t.get("scalar").toNDArray(manager);
            assertEquals(new Shape(), scalar.getShape());
            assertEquals(3f, scalar.getFloat());
            assertEquals(new Shape(0, 5), t.get("empty").toNDArray(manager).getShape());

            // DJL 0.36's PyTorch engine aborts the JVM on BFLOAT16/INT16 arrays: refused, not crashed
            assertThrows(
                    UnsupportedOperationException.class, () -> t.get("bf16").toNDArrayExact(manager));
            assertThrows(UnsupportedOperationException.class, () -> t.get("i16").toNDArrayExact(manager));
            for (String name : new String[] {"f64", "f32", "f16", "i64", "i32", "i8", "u8", "bool"}) {
                TensorData original = t.get(name);
                NDArray exact = original.toNDArrayExact(manager);
                assertEquals(original.dtype().toDjl(), exact.getDataType(), name);
                TensorData back = TensorData.fromNDArray(name, exact);
                assertTrue(original.sameContent(back), name);
            }
        }
    }

    private static void assertConverted(NDManager manager, TensorData tensor, DataType expected) {
        NDArray array = tensor.toNDArray(manager);
        assertEquals(expected, array.getDataType());
        assertEquals(tensor.djlShape(), array.getShape());
        assertArrayEquals(
                tensor.toFloatArray(), array.toType(DataType.FLOAT32, false).toFloatArray());
    }

    @Test
    void isImmutableAndValidated() {
        ByteBuffer source = ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(1f)
                .putFloat(2f)
                .flip();
        long[] shape = {2};
        TensorData t = TensorData.of("w", DType.F32, shape, source);
        source.putFloat(0, 99f);
        shape[0] = 7;
        assertArrayEquals(new float[] {1f, 2f}, t.toFloatArray(), "bytes were copied");
        assertArrayEquals(new long[] {2}, t.shape(), "shape was copied");
        t.shape()[0] = 9;
        assertArrayEquals(new long[] {2}, t.shape());
        assertThrows(ReadOnlyBufferException.class, () -> t.data().put(0, (byte) 1));
        assertEquals(ByteOrder.LITTLE_ENDIAN, t.data().order());
        assertEquals(8, t.byteSize());
        assertEquals(2, t.numel());

        assertThrows(
                IllegalArgumentException.class,
                () -> TensorData.of("x", DType.F32, new long[] {3}, ByteBuffer.allocate(8)));
        assertThrows(
                IllegalArgumentException.class,
                () -> TensorData.of("x", DType.F32, new long[] {-1}, ByteBuffer.allocate(0)));
        assertThrows(
                IllegalArgumentException.class,
                () -> TensorData.of("x", DType.U8, new long[] {1L << 31}, ByteBuffer.allocate(0)));

        TensorData renamed = t.withName("v");
        assertEquals("v", renamed.name());
        assertTrue(renamed.sameContent(t));
        assertNotEquals(t, renamed);
        assertEquals(t, TensorData.ofFloats("w", new long[] {2}, new float[] {1f, 2f}));
        assertEquals("TensorData{w F32[2]}", t.toString());
    }
}
