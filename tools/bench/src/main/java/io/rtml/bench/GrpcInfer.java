package io.rtml.bench;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.rtml.inference.grpc.v2.GRPCInferenceServiceGrpc;
import io.rtml.inference.grpc.v2.ModelInferRequest;
import io.rtml.inference.grpc.v2.ModelInferResponse;
import io.rtml.inference.grpc.v2.ServerLiveRequest;
import io.rtml.sdk.ServiceHttp;
import org.HdrHistogram.ConcurrentHistogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The OIP gRPC infer row, closed loop like wrk: {@code concurrency} calls in flight, each sending the next
 * as soon as it is answered, spread over a few HTTP/2 connections. The client is generated from the same
 * proto the server serves ({@code inference-service/src/main/proto}, the one copy in the repository).
 */
final class GrpcInfer {

    private static final int CHANNELS = 4;

    private final String host;
    private final int port;

    GrpcInfer(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Why the row cannot run, or {@code null} when the port answers ServerLive. */
    String unavailableReason() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
        } catch (IOException e) {
            return "n/a (no gRPC port " + port + ")";
        }
        ManagedChannel channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext().build();
        try {
            // The first call sets up HTTP/2 and loads Netty on both sides: seconds on a loaded machine.
            GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                    .serverLive(ServerLiveRequest.getDefaultInstance());
            return null;
        } catch (RuntimeException e) {
            return "n/a (port " + port + " does not answer ServerLive: " + Status.fromThrowable(e).getCode() + ")";
        } finally {
            channel.shutdownNow();
        }
    }

    /** The stub, its calls carrying the bench's bearer token (ServiceHttp's default) in {@code authorization}. */
    private static GRPCInferenceServiceGrpc.GRPCInferenceServiceStub withToken(GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub) {
        String token = ServiceHttp.defaultToken();
        if (token == null) {
            return stub;
        }
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    Measurement run(ModelInferRequest request, int concurrency, Duration duration) {
        List<ManagedChannel> channels = new ArrayList<>();
        for (int i = 0; i < CHANNELS; i++) {
            channels.add(ManagedChannelBuilder.forAddress(host, port).usePlaintext().build());
        }
        ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        try {
            for (int i = 0; i < concurrency; i++) {
                GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub = withToken(
                        GRPCInferenceServiceGrpc.newStub(channels.get(i % CHANNELS)));
                new Caller(stub, request, end, latency, ok, errors, done).next();
            }
            if (!done.await(duration.toSeconds() + 10, TimeUnit.SECONDS)) {
                return Measurement.unavailable("gRPC calls did not finish within 10 s of the row's end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Measurement.unavailable("interrupted");
        } finally {
            channels.forEach(ManagedChannel::shutdownNow);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Measurement(ok.get(), errors.get(), seconds,
                latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(50) / 1e6,
                latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1e6, null);
    }

    /** One of the loops: a call, then the next one from its answer, until the row's end. */
    private record Caller(GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub, ModelInferRequest request, long end,
                          ConcurrentHistogram latency, AtomicLong ok, AtomicLong errors, CountDownLatch done) {

        void next() {
            if (System.nanoTime() >= end) {
                done.countDown();
                return;
            }
            long sent = System.nanoTime();
            stub.withDeadlineAfter(5, TimeUnit.SECONDS).modelInfer(request, new StreamObserver<>() {
                @Override
                public void onNext(ModelInferResponse response) {
                    latency.recordValue(Math.min(System.nanoTime() - sent, latency.getHighestTrackableValue()));
                    ok.incrementAndGet();
                }

                @Override
                public void onError(Throwable t) {
                    errors.incrementAndGet();
                    next();
                }

                @Override
                public void onCompleted() {
                    next();
                }
            });
        }
    }
}
