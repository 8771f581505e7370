import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Calls the job's package-private checks by reflection, for tests in TypeScript:
 * {@code java -cp JOB_JAR:FLINK_CLASSPATH test/support/JobProbe.java reason KEY...} prints
 * "KEY<TAB>reason" (or "-") per key; {@code ... parse ARG...} prints "password=<length>" or
 * "error=<message>" for JobArguments.parse(ARG...). Never the password itself.
 */
public class JobProbe {
    public static void main(String[] argv) throws Exception {
        if (argv[0].equals("reason")) {
            Method reason = Class.forName("dev.cdcsizer.job.ReservedOptions").getDeclaredMethod("reason", String.class);
            reason.setAccessible(true);
            for (int i = 1; i < argv.length; i++) {
                Object r = reason.invoke(null, argv[i]);
                System.out.println(argv[i] + "\t" + (r == null ? "-" : r));
            }
            return;
        }
        Class<?> args = Class.forName("dev.cdcsizer.job.JobArguments");
        Method parse = args.getDeclaredMethod("parse", String[].class);
        parse.setAccessible(true);
        String[] rest = java.util.Arrays.copyOfRange(argv, 1, argv.length);
        try {
            Object parsed = parse.invoke(null, (Object) rest);
            Field password = args.getDeclaredField("password");
            password.setAccessible(true);
            System.out.println("password=" + ((String) password.get(parsed)).length());
        } catch (InvocationTargetException e) {
            System.out.println("error=" + e.getCause().getMessage());
        }
    }
}
