package dev.licex.cli;

/** The exit codes of every licex command (CONTRACT.md section 6). */
public final class ExitCodes {
    public static final int OK = 0;
    /** Not a command line licex understands, or a value it cannot use (including a refused token). */
    public static final int USAGE = 2;
    /** The server refused for a business reason (out of stock, unknown offer). */
    public static final int REFUSED = 3;
    /** The server could not be reached after retries; the transaction stays pending for recover. */
    public static final int UNREACHABLE = 4;
    /** The protocol failed or data failed an integrity check. */
    public static final int PROTOCOL = 5;

    private ExitCodes() {
    }
}
