#!/usr/bin/env python3
"""Start-up of `stacksolo output`: whole process, median of repeated runs.

Usage: bench/startup.py [RUNS] [--archive]   (after `mvn -q -B -DskipTests package`)

Makes a throw-away registry with one project and one output, then runs, alternately, RUNS times each:
`bin/stacksolo output <ref>` and a Java "hello world" with the same JVM flags (the floor any JVM
command pays on this machine). Prints the median and quartiles of each, in milliseconds.

With --archive it also extracts stacksolo-cli/target/stacksolo-<version>-linux-x64.tar.gz into a
temporary folder and runs, in the same alternation: that archive's `bin/stacksolo output <ref>`
(its own jlink runtime and start-up archive, no Java on PATH) and the hello world started by the
archive's runtime, so that the two launchers are compared on the same machine in one run.
"""
import glob, os, statistics, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
launcher = os.path.join(root, "bin", "stacksolo")
args = [a for a in sys.argv[1:] if not a.startswith("--")]
runs = int(args[0]) if args else 40
with_archive = "--archive" in sys.argv[1:]
reference = "@shared-infra/main/users-db.connectionString"
flags = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData"]

with tempfile.TemporaryDirectory() as tmp:
    env = dict(os.environ, STACKSOLO_REGISTRY_PATH=os.path.join(tmp, "registry.db"))
    env.pop("STACKSOLO_REGISTRY_URL", None)
    project = os.path.join(tmp, "shared-infra", ".stacksolo")
    os.makedirs(project)
    with open(os.path.join(project, "stacksolo.config.json"), "w") as f:
        f.write('{"project": {"name": "shared-infra", "gcpProjectId": "acme-shared", "region": "us-central1",'
                ' "networks": [{"name": "main", "databases": [{"name": "users-db"}]}]}}')
    subprocess.run([launcher, "sync"], cwd=os.path.dirname(project), env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([launcher, "outputs", "set", "@shared-infra/main/users-db",
                    "connectionString=postgresql://app:pw@10.0.0.5/users"], env=env, check=True, stdout=subprocess.DEVNULL)
    hello = os.path.join(tmp, "Hello.java")
    with open(hello, "w") as f:
        f.write('public class Hello { public static void main(String[] a) { System.out.println("hi"); } }')
    java = os.environ.get("JAVA", "java")
    subprocess.run(["javac", "--release", "17", "-d", tmp, hello], check=True)
    commands = {
        "stacksolo output": [launcher, "output", reference],
        "java hello (floor)": [java] + flags + ["-cp", tmp, "Hello"],
    }
    if with_archive:
        archives = glob.glob(os.path.join(root, "stacksolo-cli", "target", "stacksolo-*-linux-x64.tar.gz"))
        if len(archives) != 1:
            sys.exit("bench/startup.py: no single stacksolo-cli/target/stacksolo-*-linux-x64.tar.gz; run mvn package")
        installed = os.path.join(tmp, "install")
        os.makedirs(installed)
        subprocess.run(["tar", "-xzf", archives[0], "-C", installed], check=True)
        top = os.path.join(installed, os.listdir(installed)[0])
        archive_env = dict(env, PATH="/usr/bin:/bin")  # the launcher needs readlink at most; never java
        archive_env.pop("JAVA_HOME", None)
        commands["archive: stacksolo output"] = ([os.path.join(top, "bin", "stacksolo"), "output", reference], archive_env)
        commands["archive: java hello"] = [os.path.join(top, "runtime", "bin", "java")] + flags + ["-cp", tmp, "Hello"]
    commands = {name: c if isinstance(c, tuple) else (c, env) for name, c in commands.items()}
    for name, (command, command_env) in commands.items():  # warm-up: file cache; and a check of the value
        for _ in range(3):
            out = subprocess.run(command, env=command_env, stdout=subprocess.PIPE, check=True).stdout
        if "output" in name and out != b"postgresql://app:pw@10.0.0.5/users\n":
            sys.exit(f"bench/startup.py: {name} printed {out!r}")
    times = {name: [] for name in commands}
    cpu = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, command_env) in commands.items():
            start = time.perf_counter()
            process = subprocess.Popen(command, env=command_env, stdout=subprocess.DEVNULL)
            _, status, usage = os.wait4(process.pid, 0)
            times[name].append((time.perf_counter() - start) * 1000)
            cpu[name].append((usage.ru_utime + usage.ru_stime) * 1000)
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit(f"bench/startup.py: {name} failed")
    # CPU time (user + system, both cores) is printed too: it moves less than the wall time when
    # other work shares the machine
    for name, values in times.items():
        q = statistics.quantiles(values, n=4)
        print(f"{name:26s} median {statistics.median(values):6.1f} ms  (p25 {q[0]:6.1f}, p75 {q[2]:6.1f}, {runs} runs)"
              f"  cpu {statistics.median(cpu[name]):6.1f} ms")
