package io.snapledger.events.model;

import java.util.List;

/**
 * The files history knows on one device when a deletion starts: the active image and every frozen
 * image and overlay of its snapshots. Removing an external snapshot's frozen image needs them, to
 * find every file that reads from it (the writer reads the files' backing names; history only
 * says where to look).
 *
 * @param active the image taking the device's writes
 * @param files  every file of the device's snapshots, the active image included
 */
public record DeviceLayers(String active, List<String> files) {

    public DeviceLayers {
        Require.nonBlank(active, "active");
        files = Require.listOf(files, "files");
    }
}
