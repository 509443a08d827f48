package dev.shears.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.Locale;
import java.util.Optional;
import javafx.scene.paint.Color;

/**
 * The window's look (View ▸ Theme): AtlantaFX's Primer Light or Primer Dark (decision 0027). Controls
 * and shears.css take their colours from the theme's looked-up colours ({@code -color-fg-default} …);
 * what views draw in code (canvas labels and axes, the 3D view's ground and light) takes them from here,
 * copied from the same theme so both read alike.
 */
public enum Theme {
    LIGHT("Light", new PrimerLight(), "#24292f", "#57606a", "#6e7781", "#f6f8fa", Color.WHITE),
    DARK("Dark", new PrimerDark(), "#c9d1d9", "#8b949e", "#6e7681", "#161b22", Color.gray(0.86));

    /** The root's style class while this theme is dark: shears.css's presentation palette follows it. */
    public static final String DARK_STYLE_CLASS = "theme-dark";

    private final String label;
    private final atlantafx.base.theme.Theme atlantafx;
    private final Color ink;
    private final Color mutedInk;
    private final Color axis;
    private final Color surfaceGround;
    private final Color surfaceLight;

    Theme(String label, atlantafx.base.theme.Theme atlantafx, String ink, String mutedInk, String axis,
          String surfaceGround, Color surfaceLight) {
        this.label = label;
        this.atlantafx = atlantafx;
        this.ink = Color.web(ink);
        this.mutedInk = Color.web(mutedInk);
        this.axis = Color.web(axis);
        this.surfaceGround = Color.web(surfaceGround);
        this.surfaceLight = surfaceLight;
    }

    /** "Light", "Dark": the menu item. */
    public String label() {
        return label;
    }

    /** How it is remembered in the settings folder: "light", "dark". */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Theme> ofKey(String key) {
        for (Theme t : values()) {
            if (t.key().equals(key.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public boolean dark() {
        return atlantafx.isDarkMode();
    }

    /**
     * The application's user-agent stylesheet: AtlantaFX's binary form, which loads without parsing
     * (the start-up path applies it before the first frame).
     */
    public String userAgentStylesheet() {
        return atlantafx.getUserAgentStylesheetBSS();
    }

    /** Text and titles drawn on canvases ({@code -color-fg-default}). */
    public Color ink() {
        return ink;
    }

    /** Axis labels and secondary text drawn on canvases ({@code -color-fg-muted}). */
    public Color mutedInk() {
        return mutedInk;
    }

    /** Axis lines and outlines drawn on canvases ({@code -color-fg-subtle}). */
    public Color axis() {
        return axis;
    }

    /** The 3D view's ground ({@code -color-bg-subtle}). */
    public Color surfaceGround() {
        return surfaceGround;
    }

    /** The 3D view's ambient light: a little dimmer on the dark ground, so the surface's white does not glare. */
    public Color surfaceLight() {
        return surfaceLight;
    }
}
