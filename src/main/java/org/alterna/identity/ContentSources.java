package org.alterna.identity;

import java.util.List;

/**
 * Origins outside Alterna that the console's pages may load content from, e.g. a map tile server: the
 * Content-Security-Policy allows these and nothing else. A capability that needs one declares a bean.
 */
public interface ContentSources {

    /** Origins of images, e.g. {@code https://tile.openstreetmap.org} or {@code https://*.tiles.example.org}. */
    List<String> imageOrigins();
}
