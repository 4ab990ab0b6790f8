package org.simvtp.data.transform;

import java.util.List;
import org.simvtp.data.video.DecodedClip;

/**
 * The image operations of timm's RandAugment (the copy in SimVTP's {@code rand_augment.py}), with timm's
 * magnitude-to-argument rules. Magnitudes {@code m} lie in {@code [0, 10]}; "±" marks a sign flipped with
 * probability 1/2 (drawn by {@link RandAugment}, once per clip).
 *
 * <table>
 *   <caption>Arguments</caption>
 *   <tr><th>op</th><th>argument</th><th>m = 0</th></tr>
 *   <tr><td>AutoContrast, Equalize, Invert</td><td>none</td><td>applied</td></tr>
 *   <tr><td>Rotate</td><td>± 30 m/10 degrees</td><td>identity</td></tr>
 *   <tr><td>Posterize / PosterizeIncreasing</td><td>bits = int(4 m/10) / 4 - int(4 m/10)</td>
 *       <td>black / 4 bits</td></tr>
 *   <tr><td>Solarize / SolarizeIncreasing</td><td>threshold = int(256 m/10) / 256 - int(256 m/10)</td>
 *       <td>all inverted / identity</td></tr>
 *   <tr><td>SolarizeAdd</td><td>add int(110 m/10) below 128</td><td>identity</td></tr>
 *   <tr><td>Color, Contrast, Brightness, Sharpness</td><td>factor 1.8 m/10 + 0.1</td><td>factor 0.1</td></tr>
 *   <tr><td>...Increasing variants</td><td>factor 1 ± 0.9 m/10</td><td>identity</td></tr>
 *   <tr><td>ShearX / ShearY</td><td>± 0.3 m/10 (matrix (1, s, 0, 0, 1, 0) / (1, 0, 0, s, 1, 0))</td>
 *       <td>identity</td></tr>
 *   <tr><td>TranslateXRel / TranslateYRel</td><td>± translatePct m/10 of the width / height, in pixels</td>
 *       <td>identity</td></tr>
 *   <tr><td>TranslateX / TranslateY</td><td>± translateConst m/10 pixels</td><td>identity</td></tr>
 * </table>
 *
 * <p>Geometric ops use {@link AffineWarp} (bicubic, fill grey); a positive translation moves the content left /
 * up (the input is read at {@code x + pixels}), a positive shear reads at {@code x + s y}. The rest use
 * {@link ColorOps} and {@link Enhance}.
 *
 * <pre>{@code
 * DecodedClip out = RandAugmentOp.ROTATE.apply(clip, 10.0, RandAugment.reference());
 * }</pre>
 */
public enum RandAugmentOp {
    /** ImageOps.autocontrast. */
    AUTO_CONTRAST("AutoContrast", false),
    /** ImageOps.equalize. */
    EQUALIZE("Equalize", false),
    /** ImageOps.invert. */
    INVERT("Invert", false),
    /** Image.rotate about the centre, ± 30 m/10 degrees. */
    ROTATE("Rotate", true),
    /** Keep int(4 m/10) bits. */
    POSTERIZE("Posterize", false),
    /** Keep 4 - int(4 m/10) bits. */
    POSTERIZE_INCREASING("PosterizeIncreasing", false),
    /** Solarize at int(256 m/10). */
    SOLARIZE("Solarize", false),
    /** Solarize at 256 - int(256 m/10). */
    SOLARIZE_INCREASING("SolarizeIncreasing", false),
    /** Add int(110 m/10) to values below 128. */
    SOLARIZE_ADD("SolarizeAdd", false),
    /** ImageEnhance.Color, factor 1.8 m/10 + 0.1. */
    COLOR("Color", false),
    /** ImageEnhance.Color, factor 1 ± 0.9 m/10. */
    COLOR_INCREASING("ColorIncreasing", true),
    /** ImageEnhance.Contrast, factor 1.8 m/10 + 0.1. */
    CONTRAST("Contrast", false),
    /** ImageEnhance.Contrast, factor 1 ± 0.9 m/10. */
    CONTRAST_INCREASING("ContrastIncreasing", true),
    /** ImageEnhance.Brightness, factor 1.8 m/10 + 0.1. */
    BRIGHTNESS("Brightness", false),
    /** ImageEnhance.Brightness, factor 1 ± 0.9 m/10. */
    BRIGHTNESS_INCREASING("BrightnessIncreasing", true),
    /** ImageEnhance.Sharpness, factor 1.8 m/10 + 0.1. */
    SHARPNESS("Sharpness", false),
    /** ImageEnhance.Sharpness, factor 1 ± 0.9 m/10. */
    SHARPNESS_INCREASING("SharpnessIncreasing", true),
    /** Horizontal shear ± 0.3 m/10. */
    SHEAR_X("ShearX", true),
    /** Vertical shear ± 0.3 m/10. */
    SHEAR_Y("ShearY", true),
    /** Horizontal shift of ± translateConst m/10 pixels. */
    TRANSLATE_X("TranslateX", true),
    /** Vertical shift of ± translateConst m/10 pixels. */
    TRANSLATE_Y("TranslateY", true),
    /** Horizontal shift of ± translatePct m/10 of the width. */
    TRANSLATE_X_REL("TranslateXRel", true),
    /** Vertical shift of ± translatePct m/10 of the height. */
    TRANSLATE_Y_REL("TranslateYRel", true);

    /** The largest magnitude ({@code _MAX_LEVEL}). */
    public static final double MAX_LEVEL = 10.0;

    private static final List<RandAugmentOp> STANDARD = List.of(
            AUTO_CONTRAST,
            EQUALIZE,
            INVERT,
            ROTATE,
            POSTERIZE,
            SOLARIZE,
            SOLARIZE_ADD,
            COLOR,
            CONTRAST,
            BRIGHTNESS,
            SHARPNESS,
            SHEAR_X,
            SHEAR_Y,
            TRANSLATE_X_REL,
            TRANSLATE_Y_REL);

    private static final List<RandAugmentOp> INCREASING = List.of(
            AUTO_CONTRAST,
            EQUALIZE,
            INVERT,
            ROTATE,
            POSTERIZE_INCREASING,
            SOLARIZE_INCREASING,
            SOLARIZE_ADD,
            COLOR_INCREASING,
            CONTRAST_INCREASING,
            BRIGHTNESS_INCREASING,
            SHARPNESS_INCREASING,
            SHEAR_X,
            SHEAR_Y,
            TRANSLATE_X_REL,
            TRANSLATE_Y_REL);

    private final String timmName;
    private final boolean signed;

    RandAugmentOp(String timmName, boolean signed) {
        this.timmName = timmName;
        this.signed = signed;
    }

    /**
     * timm's {@code _RAND_TRANSFORMS} (15 ops, the default without {@code inc}).
     *
     * @return the ops in timm's order
     */
    public static List<RandAugmentOp> standard() {
        return STANDARD;
    }

    /**
     * timm's {@code _RAND_INCREASING_TRANSFORMS} (15 ops, selected by {@code inc1}; the reference's set).
     *
     * @return the ops in timm's order
     */
    public static List<RandAugmentOp> increasing() {
        return INCREASING;
    }

    /**
     * Looks an op up by timm's name.
     *
     * @param name e.g. {@code "SolarizeAdd"}
     * @return the op
     * @throws IllegalArgumentException for an unknown name
     */
    public static RandAugmentOp ofTimmName(String name) {
        for (RandAugmentOp op : values()) {
            if (op.timmName.equals(name)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown RandAugment op '" + name + "'");
    }

    /**
     * timm's name of the op.
     *
     * @return e.g. {@code "TranslateXRel"}
     */
    public String timmName() {
        return timmName;
    }

    /**
     * Whether the argument gets a random sign.
     *
     * @return true for rotate, shear, translate and the increasing enhance ops
     */
    public boolean signed() {
        return signed;
    }

    /**
     * timm's {@code level_to_arg}: the op's argument for a magnitude, before any clip size is known.
     * Translations return the shift in pixels ({@code TranslateX/Y}) or as a fraction of the frame size
     * ({@code TranslateXRel/YRel}); ops without an argument return 0.
     *
     * @param magnitude level in {@code [0, 10]}
     * @param negate whether to flip the sign (ignored unless {@link #signed()})
     * @param settings supplies translateConst and translatePct
     * @return the argument
     */
    public double argument(double magnitude, boolean negate, RandAugment settings) {
        double level = magnitude / MAX_LEVEL;
        double s = signed && negate ? -1.0 : 1.0;
        switch (this) {
            case AUTO_CONTRAST:
            case EQUALIZE:
            case INVERT:
                return 0;
            case ROTATE:
                return s * (level * 30.0);
            case POSTERIZE:
                return (int) (level * 4);
            case POSTERIZE_INCREASING:
                return 4 - (int) (level * 4);
            case SOLARIZE:
                return (int) (level * 256);
            case SOLARIZE_INCREASING:
                return 256 - (int) (level * 256);
            case SOLARIZE_ADD:
                return (int) (level * 110);
            case COLOR:
            case CONTRAST:
            case BRIGHTNESS:
            case SHARPNESS:
                return level * 1.8 + 0.1;
            case COLOR_INCREASING:
            case CONTRAST_INCREASING:
            case BRIGHTNESS_INCREASING:
            case SHARPNESS_INCREASING:
                return 1.0 + s * (level * 0.9);
            case SHEAR_X:
            case SHEAR_Y:
                return s * (level * 0.3);
            case TRANSLATE_X:
            case TRANSLATE_Y:
                return s * (level * settings.translateConst());
            case TRANSLATE_X_REL:
            case TRANSLATE_Y_REL:
                return s * (level * settings.translatePct());
            default:
                throw new IllegalStateException("unhandled op " + this);
        }
    }

    /**
     * Applies the op with an argument from {@link #argument} to every frame.
     *
     * @param clip uint8 frames
     * @param argument the op's argument
     * @param settings supplies the fill grey level
     * @return the result (possibly {@code clip} itself when nothing changes)
     */
    public DecodedClip apply(DecodedClip clip, double argument, RandAugment settings) {
        int w = clip.width();
        int h = clip.height();
        int fill = settings.fill();
        switch (this) {
            case AUTO_CONTRAST:
                return ColorOps.autoContrast(clip);
            case EQUALIZE:
                return ColorOps.equalize(clip);
            case INVERT:
                return ColorOps.invert(clip);
            case ROTATE:
                return AffineWarp.warp(clip, AffineWarp.rotation(argument, w, h), fill);
            case POSTERIZE:
            case POSTERIZE_INCREASING:
                return ColorOps.posterize(clip, (int) argument);
            case SOLARIZE:
            case SOLARIZE_INCREASING:
                return ColorOps.solarize(clip, (int) argument);
            case SOLARIZE_ADD:
                return ColorOps.solarizeAdd(clip, (int) argument, 128);
            case COLOR:
            case COLOR_INCREASING:
                return Enhance.color(clip, argument);
            case CONTRAST:
            case CONTRAST_INCREASING:
                return Enhance.contrast(clip, argument);
            case BRIGHTNESS:
            case BRIGHTNESS_INCREASING:
                return Enhance.brightness(clip, argument);
            case SHARPNESS:
            case SHARPNESS_INCREASING:
                return Enhance.sharpness(clip, argument);
            case SHEAR_X:
                return AffineWarp.warp(clip, new double[] {1, argument, 0, 0, 1, 0}, fill);
            case SHEAR_Y:
                return AffineWarp.warp(clip, new double[] {1, 0, 0, argument, 1, 0}, fill);
            case TRANSLATE_X:
                return AffineWarp.warp(clip, new double[] {1, 0, argument, 0, 1, 0}, fill);
            case TRANSLATE_Y:
                return AffineWarp.warp(clip, new double[] {1, 0, 0, 0, 1, argument}, fill);
            case TRANSLATE_X_REL:
                return AffineWarp.warp(clip, new double[] {1, 0, argument * w, 0, 1, 0}, fill);
            case TRANSLATE_Y_REL:
                return AffineWarp.warp(clip, new double[] {1, 0, 0, 0, 1, argument * h}, fill);
            default:
                throw new IllegalStateException("unhandled op " + this);
        }
    }
}
