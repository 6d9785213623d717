package dev.licex.protocol.store;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The whole rows one transaction wrote or deleted, in the order it did, as {@link CommitJournal}
 * keeps them. A row's image is every column of it, so applying an image twice leaves what applying
 * it once did: replaying the journal over a store that already holds some of it is safe.
 *
 * <p>Images are captured by {@link RowImageTrigger} on the thread that runs the transaction, while
 * {@link #startCapturing} is in effect there: H2 runs an embedded connection's statements on the
 * caller's thread.
 */
final class RowImages {

    private static final ThreadLocal<RowImages> CAPTURING = new ThreadLocal<>();
    private static final byte WRITTEN = 1;
    private static final byte DELETED = 2;

    /** Made at the first image: most units of work only read. */
    private ByteArrayOutputStream bytes;
    private DataOutputStream out;
    /** The capture of a unit of work this thread runs this one inside, to be resumed after it. */
    private final RowImages outer;
    private int count;

    private RowImages(RowImages outer) {
        this.outer = outer;
    }

    /** One row as it is after the transaction (written), or as it was before it went (deleted). */
    record Image(String table, boolean deleted, Object[] values) {
    }

    /**
     * Captures the rows this thread's statements write from now until {@link #stopCapturing}; a
     * capture already running on the thread pauses until then.
     */
    static void startCapturing() {
        CAPTURING.set(new RowImages(CAPTURING.get()));
    }

    static void stopCapturing() {
        RowImages stopped = CAPTURING.get();
        if (stopped == null || stopped.outer == null) {
            CAPTURING.remove();
        } else {
            CAPTURING.set(stopped.outer);
        }
    }

    /** This thread's capture, or null when its writes are not journaled. */
    static RowImages capturing() {
        return CAPTURING.get();
    }

    void written(String table, Object[] row) {
        add(WRITTEN, table, row);
    }

    void deleted(String table, Object[] row) {
        add(DELETED, table, row);
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The images as one record's payload: their count, then each image. */
    byte[] payload() {
        byte[] images = bytes == null ? new byte[0] : bytes.toByteArray();
        return ByteBuffer.allocate(Integer.BYTES + images.length).putInt(count).put(images).array();
    }

    private void add(byte kind, String table, Object[] row) {
        if (bytes == null) {
            bytes = new ByteArrayOutputStream(1024);
            out = new DataOutputStream(bytes);
        }
        try {
            out.writeByte(kind);
            writeString(table);
            out.writeShort(row.length);
            for (Object value : row) {
                writeValue(table, value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        count++;
    }

    private void writeValue(String table, Object value) throws IOException {
        switch (value) {
            case null -> out.writeByte(0);
            case String s -> {
                out.writeByte(1);
                writeString(s);
            }
            case UUID u -> {
                out.writeByte(2);
                out.writeLong(u.getMostSignificantBits());
                out.writeLong(u.getLeastSignificantBits());
            }
            case Integer i -> {
                out.writeByte(3);
                out.writeInt(i);
            }
            case Long l -> {
                out.writeByte(4);
                out.writeLong(l);
            }
            case Boolean b -> {
                out.writeByte(5);
                out.writeBoolean(b);
            }
            default -> throw new IllegalStateException("table " + table + " has a column of type "
                    + value.getClass().getName() + ", which the commit journal cannot keep: teach RowImages it");
        }
    }

    private void writeString(String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    /** The images of a record's payload, in the order they were captured. */
    static List<Image> read(ByteBuffer payload) {
        int count = payload.getInt();
        List<Image> images = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte kind = payload.get();
            String table = readString(payload);
            Object[] values = new Object[payload.getShort()];
            for (int v = 0; v < values.length; v++) {
                values[v] = readValue(payload);
            }
            images.add(new Image(table, kind == DELETED, values));
        }
        return images;
    }

    private static Object readValue(ByteBuffer in) {
        byte tag = in.get();
        return switch (tag) {
            case 0 -> null;
            case 1 -> readString(in);
            case 2 -> new UUID(in.getLong(), in.getLong());
            case 3 -> in.getInt();
            case 4 -> in.getLong();
            case 5 -> in.get() != 0;
            default -> throw new IllegalStateException("unknown value tag " + tag + " in the commit journal");
        };
    }

    private static String readString(ByteBuffer in) {
        byte[] utf8 = new byte[in.getInt()];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
