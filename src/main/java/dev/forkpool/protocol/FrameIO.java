package dev.forkpool.protocol;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HexFormat;

/** Reads and writes {@link Frame}s, enforcing a size cap on what it reads. */
public final class FrameIO {
    private static final int HEADER = 1 + 8;

    private final DataInputStream in;
    private final DataOutputStream out;
    private final int maxFrameBytes;

    public FrameIO(InputStream in, OutputStream out, int maxFrameBytes) {
        this.in = in == null ? null : new DataInputStream(in);
        this.out = out == null ? null : new DataOutputStream(out);
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Returns the next frame, or null on a clean end of stream between frames. */
    public Frame read() throws IOException {
        byte[] lengthBytes = new byte[4];
        int first = in.read(lengthBytes, 0, 4);
        if (first < 0) {
            return null;
        }
        in.readFully(lengthBytes, first, 4 - first);
        int length = ((lengthBytes[0] & 0xFF) << 24)
                | ((lengthBytes[1] & 0xFF) << 16)
                | ((lengthBytes[2] & 0xFF) << 8)
                | (lengthBytes[3] & 0xFF);
        if (length < HEADER || length > maxFrameBytes) {
            throw new MalformedFrameException("frame length " + length + " is outside 9.." + maxFrameBytes
                    + "; first bytes read: " + HexFormat.ofDelimiter(" ").formatHex(lengthBytes)
                    + " (\"" + printable(lengthBytes) + "\"). Did something print to stdout?");
        }
        int typeCode = in.readUnsignedByte();
        Frame.Type type = Frame.Type.of(typeCode);
        if (type == null) {
            throw new MalformedFrameException("unknown frame type " + typeCode);
        }
        long requestId = in.readLong();
        byte[] payload = new byte[length - HEADER];
        try {
            in.readFully(payload);
        } catch (EOFException e) {
            throw new MalformedFrameException("stream ended inside a " + type + " frame");
        }
        return new Frame(type, requestId, payload);
    }

    /** Writes and flushes one frame. */
    public void write(Frame frame) throws IOException {
        int length = HEADER + frame.payload().length;
        if (length > maxFrameBytes) {
            throw new MalformedFrameException("frame of " + length + " bytes exceeds the cap of " + maxFrameBytes);
        }
        out.writeInt(length);
        out.writeByte(frame.type().code);
        out.writeLong(frame.requestId());
        out.write(frame.payload());
        out.flush();
    }

    private static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(b >= 32 && b < 127 ? (char) b : '.');
        }
        return sb.toString();
    }

    /** A frame that breaks the protocol: the peer is not speaking it, or wrote something else on the channel. */
    public static final class MalformedFrameException extends IOException {
        public MalformedFrameException(String message) {
            super(message);
        }
    }
}
