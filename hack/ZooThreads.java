// Part of hack/zoo: a process whose threads each sit in their own UTS namespace ("loose threads").
// Run with lxkns.jar on the class path, whose native boundary provides unshare(2).
import io.lxkns.discovery.linux.Nsfs;
import io.lxkns.discovery.model.NamespaceType;
import java.util.concurrent.CountDownLatch;

public class ZooThreads {
    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        CountDownLatch forever = new CountDownLatch(1);
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(() -> {
                try {
                    Nsfs.unshare(NamespaceType.UTS.cloneFlag());
                    forever.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "zoo-thread-" + i);
            thread.start();
        }
        forever.await();
    }
}
