package io.snapledger.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Reports the version Maven wrote into the filtered {@code snapledger-version.properties}. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/snapledger-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return new String[] {"snapledger " + properties.getProperty("version", "(unknown version)")};
    }
}
