package dev.licex.simulator.http;

import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.ErrorCode;
import dev.licex.protocol.message.Problem;
import dev.licex.protocol.transport.WireResponse;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises itself (an unparsable request line, headers too large, an ambiguous URI)
 * answer problem JSON like every other error, never an HTML page or a stack trace.
 */
public final class ProblemErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        byte[] body = Json.write(problem(code, message));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, WireResponse.PROBLEM_JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, WireResponse.PROBLEM_JSON);
        return ByteBuffer.wrap(Json.write(problem(status, reason)));
    }

    private static Problem problem(int status, String message) {
        ErrorCode code = switch (status) {
            case 400, 431, 414 -> ErrorCode.BAD_REQUEST;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL_ERROR;
        };
        String detail = message == null || message.isBlank() ? code.title() : message;
        return new Problem(code.typeUri(), code.title(), status, detail, code.name());
    }
}
