package org.simvtp.models.checkpoint;

/** Conversions of 16-bit floating-point formats (IEEE half, bfloat16) to {@code float}. */
final class HalfFloats {

    private HalfFloats() {}

    /**
     * Converts IEEE 754 half-precision bits to a float, exactly (every half value is a float).
     *
     * @param bits the 16 bits in the low half of an int
     * @return the value
     */
    static float halfToFloat(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0) {
            // zero or subnormal: mantissa * 2^-24
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1f) {
            // infinity or NaN (payload kept)
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /**
     * Converts bfloat16 bits to a float, exactly.
     *
     * @param bits the 16 bits in the low half of an int
     * @return the value
     */
    static float bfloat16ToFloat(int bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }
}
