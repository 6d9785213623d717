package dev.licex.desktop.settings;

/**
 * Where the app connects: its own embedded simulator, or a remote rights server.
 *
 * @param url   the remote server's base URL (ignored when embedded)
 * @param token the account token for the remote server (the embedded one uses the demo account)
 */
public record ConnectionChoice(boolean embedded, String url, String token) {

    public static ConnectionChoice embeddedSimulator() {
        return new ConnectionChoice(true, "", "");
    }

    public static ConnectionChoice remote(String url, String token) {
        return new ConnectionChoice(false, url, token);
    }
}
