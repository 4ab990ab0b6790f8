package org.simvtp.train.distributed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One rank of a multi-process collectives check, started by {@link LocalRanks}. Modes:
 * <ul>
 *   <li>{@code ops [ndarray]}: checks every collective against values computed locally; exit 0 when all match,
 *       1 on a wrong value;</li>
 *   <li>{@code loop}: all-reduces forever (the test kills one rank);</li>
 *   <li>{@code hang <victim> <iteration>}: like loop, but the victim stops answering at that iteration.</li>
 * </ul>
 * A {@link CollectiveException} prints {@code LOST <ranks>} and its message and exits with 3.
 */
public final class CollectivesWorker {
    private CollectivesWorker() {}

    public static void main(String[] args) throws Exception {
        DistributedConfig config = DistributedConfig.fromEnvironment();
        int code;
        try (GlooProcessGroup group = GlooProcessGroup.connect(config)) {
            System.out.println("CONNECTED rank " + group.rank());
            switch (args[0]) {
                case "ops":
                    ops(group);
                    if (args.length > 1 && args[1].equals("ndarray")) {
                        ndarrays(group);
                    }
                    group.barrier();
                    System.out.println("OK rank " + group.rank());
                    code = 0;
                    break;
                case "loop":
                    loop(group, -1, 0);
                    code = 0;
                    break;
                case "hang":
                    loop(group, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
                    code = 0;
                    break;
                default:
                    throw new IllegalArgumentException(args[0]);
            }
        } catch (CollectiveException e) {
            System.out.println("LOST " + e.lostRanks() + " " + e.getMessage());
            code = 3;
        } catch (AssertionError e) {
            System.out.println("WRONG " + e.getMessage());
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    static void ops(ProcessGroup g) {
        int r = g.rank();
        int n = g.size();
        // 1. one float buffer, SUM
        ByteBuffer a = direct(1000 * 4);
        FloatBuffer af = a.asFloatBuffer();
        for (int i = 0; i < 1000; i++) {
            af.put(i, r + i * 0.5f);
        }
        g.allReduce(a, DataType.FLOAT32, ReduceOp.SUM);
        for (int i = 0; i < 1000; i++) {
            check(af.get(i) == n * (n - 1) / 2f + n * i * 0.5f, "sum at " + i + ": " + af.get(i));
        }
        // 2. many buffers, some views into one big buffer, mean with buckets (bucket size set by the test)
        ByteBuffer big = direct(300_000 * 4);
        List<ByteBuffer> list = new ArrayList<>();
        int offset = 0;
        for (int k = 0; k < 60; k++) {
            int len = 1 + (k * 37) % 300;
            if (k == 30) {
                list.add(direct(250_000 * 4));
            } else if (k % 3 == 0 && offset + len * 4 <= big.capacity()) {
                list.add(big.slice(offset, len * 4).order(ByteOrder.nativeOrder()));
                offset += len * 4;
            } else {
                list.add(direct(len * 4));
            }
        }
        for (int k = 0; k < list.size(); k++) {
            FloatBuffer f = list.get(k).asFloatBuffer();
            for (int i = 0; i < f.capacity(); i++) {
                f.put(i, (r + 1) * (k + 1) + i % 7);
            }
        }
        g.allReduce(list, DataType.FLOAT32, ReduceOp.SUM, true);
        for (int k = 0; k < list.size(); k++) {
            FloatBuffer f = list.get(k).asFloatBuffer();
            for (int i = 0; i < f.capacity(); i++) {
                float expected = (n + 1) / 2f * (k + 1) + i % 7;
                check(
                        Math.abs(f.get(i) - expected) <= 1e-5f * expected,
                        "mean of buffer " + k + " at " + i + ": " + f.get(i) + " != " + expected);
            }
        }
        // 3. INT64 MAX, FLOAT64 MIN
        ByteBuffer l = direct(5 * 8);
        LongBuffer lb = l.asLongBuffer();
        for (int i = 0; i < 5; i++) {
            lb.put(i, r * 10L + i);
        }
        g.allReduce(l, DataType.INT64, ReduceOp.MAX);
        for (int i = 0; i < 5; i++) {
            check(lb.get(i) == (n - 1) * 10L + i, "max at " + i + ": " + lb.get(i));
        }
        ByteBuffer d = direct(3 * 8);
        DoubleBuffer db = d.asDoubleBuffer();
        for (int i = 0; i < 3; i++) {
            db.put(i, -r + i);
        }
        g.allReduce(d, DataType.FLOAT64, ReduceOp.MIN);
        for (int i = 0; i < 3; i++) {
            check(db.get(i) == -(n - 1) + i, "min at " + i + ": " + db.get(i));
        }
        // 4. broadcast from the last rank
        ByteBuffer b = direct(4096);
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, (byte) (r == n - 1 ? i * 7 : -1));
        }
        g.broadcast(b, n - 1);
        for (int i = 0; i < b.capacity(); i++) {
            check(b.get(i) == (byte) (i * 7), "broadcast at " + i + ": " + b.get(i));
        }
        // 5. all-gather
        ByteBuffer in = direct(17);
        for (int i = 0; i < 17; i++) {
            in.put(i, (byte) (r * 3 + 1));
        }
        ByteBuffer out = direct(17 * n);
        g.allGather(in, out);
        for (int i = 0; i < 17 * n; i++) {
            check(out.get(i) == (byte) ((i / 17) * 3 + 1), "all-gather at " + i + ": " + out.get(i));
        }
        g.barrier();
    }

    static void ndarrays(ProcessGroup g) {
        int r = g.rank();
        int n = g.size();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray contiguous = m.arange(12f).reshape(3, 4).add(r);
            NDArray transposed = m.arange(6f).reshape(2, 3).mul(r + 1).transpose(); // non-contiguous view
            NDArray vector = m.create(new float[] {r, 2 * r});
            Collectives.allReduceMean(g, List.of(contiguous, transposed, vector));
            float[] v = vector.toFloatArray();
            check(v[0] == (n - 1) / 2f && v[1] == n - 1, "vector mean " + v[0] + ", " + v[1]);
            float[] c = contiguous.toFloatArray();
            for (int i = 0; i < 12; i++) {
                check(c[i] == i + (n - 1) / 2f, "ndarray mean at " + i + ": " + c[i]);
            }
            float[] t = transposed.toFloatArray();
            float[] expectedT =
                    m.arange(6f).reshape(2, 3).mul((n + 1) / 2f).transpose().toFloatArray();
            for (int i = 0; i < 6; i++) {
                check(Math.abs(t[i] - expectedT[i]) < 1e-6, "staged (non-contiguous) mean at " + i + ": " + t[i]);
            }
            NDArray local = m.full(new Shape(2, 3), (float) r);
            NDArray all = Collectives.allGather(g, local);
            check(all.getShape().equals(new Shape(2L * n, 3)), "gathered shape " + all.getShape());
            float[] a = all.toFloatArray();
            for (int i = 0; i < a.length; i++) {
                check(a[i] == i / 6, "gathered at " + i + ": " + a[i]);
            }
            NDArray w = m.arange(5f).mul(r + 10);
            Collectives.broadcast(g, List.of(w), 0);
            check(w.toFloatArray()[4] == 40f, "broadcast NDArray " + w);
        }
    }

    private static void loop(ProcessGroup g, int victim, int at) throws InterruptedException {
        ByteBuffer buf = direct(1024 * 4);
        long deadline = System.nanoTime() + 120_000_000_000L;
        for (int i = 0; System.nanoTime() < deadline; i++) {
            if (g.rank() == victim && i == at) {
                System.out.println("HANGING rank " + g.rank());
                System.out.flush();
                Thread.sleep(600_000);
            }
            g.allReduce(buf, DataType.FLOAT32, ReduceOp.SUM);
            if (i % 10 == 0) {
                System.out.println("ITER " + i);
                System.out.flush();
            }
            Thread.sleep(5);
        }
    }
}
