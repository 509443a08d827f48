#!/usr/bin/env bash
# Shears as a desktop application, built with the JDK's own jpackage (packaging/README.md).
#
#   packaging/build.sh [--app-image-only] [--skip-maven] [--no-cds]
#
#   target/dist/Shears/                 the app-image: bin/Shears opens the window, or runs the CLI when
#                                       given a command (like the jar); lib/runtime is a trimmed Java
#                                       runtime; lib/app holds the jar, its native libraries unpacked,
#                                       the sample models and the class-data sharing (CDS) archive
#   target/dist/shears_VERSION-1_amd64.deb   installs it in /opt/shears with a menu entry, an icon and
#                                       MIME types (not with --app-image-only)
#
# --skip-maven uses target/shears.jar as it is; otherwise `mvn -B -DskipTests package` runs first,
# with $MAVEN_ARGS (MAVEN_ARGS=-o for an offline build). --no-cds skips the CDS class list, which
# needs a display: $DISPLAY, or Xvfb (apt-get install xvfb) started here for the minute it takes.
# Needs a JDK 17+ with jpackage, zip and unzip; for the .deb also dpkg-deb and fakeroot.
# Why it is laid out like this: src/site/decisions/0016-packaging-and-first-start.md
set -euo pipefail
cd "$(dirname "$0")/.."

app_image_only=false
run_maven=true
cds=true
for arg in "$@"; do
  case "$arg" in
    --app-image-only) app_image_only=true ;;
    --skip-maven) run_maven=false ;;
    --no-cds) cds=false ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

die() { echo "packaging/build.sh: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found: $2"; }
step() { echo "== $* ($(date +%T))"; }

need jpackage "it comes with a full JDK 17+ (apt-get install openjdk-17-jdk)"
need zip "apt-get install zip"
need unzip "apt-get install unzip"
if ! $app_image_only; then
  need dpkg-deb "apt-get install dpkg-dev"
  need fakeroot "apt-get install fakeroot"
fi

# --- the jar -----------------------------------------------------------------------------------
if $run_maven; then
  step "mvn -B ${MAVEN_ARGS:-} -DskipTests package"
  # shellcheck disable=SC2086
  mvn -B ${MAVEN_ARGS:-} -DskipTests package
fi
jar=target/shears.jar
[ -f "$jar" ] || die "$jar not found (run without --skip-maven)"
# jpackage takes one to three numbers: 0.1.0-SNAPSHOT becomes 0.1.0
version=$(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Implementation-Version: *\([0-9][0-9.]*\).*/\1/p')
[ -n "$version" ] || die "no Implementation-Version in $jar"

pack=target/pack     # staging, rebuilt each time
dist=target/dist
rm -rf "$pack" "$dist"
mkdir -p "$pack/input/native" "$pack/resources" "$dist"

# --- lib/app: the jar without its native libraries, which are laid out unpacked beside it --------
# JavaCPP loads a library found as a plain file on the class path in place (nothing goes to
# ~/.javacpp/cache); JavaFX looks for its libraries next to the jar first; ONNX Runtime loads from
# -Donnxruntime.native.path. So no start extracts anything, and the installed files stay read-only.
step "staging lib/app"
cp "$jar" "$pack/input/shears.jar"
javacpp_natives=('org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64/*' 'org/bytedeco/*/linux-x86_64/*'
  'ai/onnxruntime/native/linux-x64/*')
mapfile -t javafx_natives < <(unzip -Z1 "$jar" | grep -E '^lib[^/]*\.so$')
[ "${#javafx_natives[@]}" -gt 0 ] || die "no JavaFX libraries at the root of $jar"
unzip -q "$jar" "${javacpp_natives[@]}" -d "$pack/input/native"
unzip -q "$jar" "${javafx_natives[@]}" -d "$pack/input"
zip -q -d "$pack/input/shears.jar" "${javacpp_natives[@]}" "${javafx_natives[@]}"
cp -r sample-models "$pack/input/"

# --- the app-image -----------------------------------------------------------------------------
# Modules: `jdeps --ignore-missing-deps --print-module-deps --multi-release 17 target/shears.jar`
# (java.base, java.compiler, java.scripting, java.sql, jdk.jfr, jdk.management, jdk.unsupported,
# jdk.unsupported.desktop) plus what those need and what is reached by reflection: java.desktop
# (JavaFX Swing interop, ImageIO), java.logging, java.xml, jdk.zipfs, java.naming (logback reads its
# configuration through javax.naming classes: without it no start gets past the first log line).
modules=java.base,java.compiler,java.desktop,java.logging,java.management,java.scripting,java.sql,java.xml
modules+=,java.naming,jdk.jfr,jdk.management,jdk.unsupported,jdk.unsupported.desktop,jdk.zipfs
step "jpackage --type app-image"
# ArchiveRelocationMode=0: map the CDS archive where it was made to be; Debian's JDK 17 relocates it to
# a random address by default (1), which patched 68 MB of pointers at every start: 0.3-0.8 s of CPU
# before main (decision 0023). The JVM falls back to relocating when that address is taken.
# Tier4*: the optimising compiler (C2) starts on a method after many more calls and loop turns than by default
# (4-33x JDK 17's thresholds: invocations 5000 -> 50000, back-edges 40000 -> 400000). On 2 cores
# its thread competed with the JavaFX thread for the whole start (1.3-1.5 s of CPU by the tree shown); the
# start-up code runs a few thousand times and now stays compiled by C1, while hot loops (least squares,
# statistics, tiles) still reach C2 after a fraction of a second. Alternating runs, idle machine: first frame
# 1.09-1.23 s against 1.25-1.36 s, the model shown 1.81-2.16 s against 2.30-2.39 s (README, Measuring).
# $APPDIR is expanded by the launcher at run time (lib/app of wherever the image is)
jpackage --type app-image --dest "$dist" --name Shears \
  --input "$pack/input" --main-jar shears.jar --main-class dev.shears.Launcher \
  --app-version "$version" --vendor "Shears" \
  --description "See and prune trained neural networks" \
  --icon assets/icons/shears-256.png \
  --add-modules "$modules" \
  --jlink-options '--strip-debug --no-man-pages --no-header-files --strip-native-commands' \
  --java-options '-Dshears.home=$APPDIR' \
  --java-options '-Donnxruntime.native.path=$APPDIR/native/ai/onnxruntime/native/linux-x64' \
  --java-options '-Dorg.bytedeco.openblas_nolapack.load=openblas_nolapack@.0' \
  --java-options '-XX:SharedArchiveFile=$APPDIR/shears.jsa' \
  --java-options '-XX:+UnlockDiagnosticVMOptions' --java-options '-XX:ArchiveRelocationMode=0' \
  --java-options '-XX:Tier4InvocationThreshold=50000' --java-options '-XX:Tier4MinInvocationThreshold=20000' \
  --java-options '-XX:Tier4CompileThreshold=60000' --java-options '-XX:Tier4BackEdgeThreshold=400000'
image="$dist/Shears"
app="$image/lib/app"
# the unpacked natives are a class-path folder: JavaCPP finds them as resources, as in the jar
sed -i 's|^app.classpath=$APPDIR/shears.jar$|&\napp.classpath=$APPDIR/native|' "$app/Shears.cfg"
grep -q '^app.classpath=$APPDIR/native$' "$app/Shears.cfg" || die "could not add lib/app/native to $app/Shears.cfg"
# OpenBLAS's JNI library links libopenblas_nolapack.so.0, which the jar only has as libopenblas.so.0
# (JavaCPP copies and renames it into its cache; the load property above makes it take this link).
# jpackage would copy the link's target into the .deb, so the .deb's postinst makes the link instead.
nolapack_link="$app/native/org/bytedeco/openblas/linux-x86_64/libopenblas_nolapack.so.0"
ln -s libopenblas.so.0 "$nolapack_link"
cp packaging/linux/shears-mime.xml "$image/lib/"

# --- CDS: the classes of a start, listed by one start of the image under a display ---------------
xvfb_pid=
stop_xvfb() { if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; xvfb_pid=; fi; }
trap stop_xvfb EXIT

# Starts the image on MODEL with extra JVM options, waits for "first model shown", lets it draw for
# a few seconds and stops it.
start_once() {
  local model=$1 options=$2 log config
  log=$(mktemp) config=$(mktemp -d)
  JAVA_TOOL_OPTIONS="$options -Dshears.reportStartup=true -Dshears.config.dir=$config" \
    "$image/bin/Shears" "$model" >"$log" 2>&1 &
  local pid=$! shown=false
  for _ in $(seq 1 1800); do
    if grep -q 'first model shown' "$log"; then shown=true; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  $shown && sleep 3
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if ! $shown; then echo "   the image did not show $model:"; sed 's/^/   | /' "$log" | tail -15; fi
  rm -rf "$log" "$config"
  $shown
}

if $cds; then
  if [ -z "${DISPLAY:-}" ]; then
    if command -v Xvfb >/dev/null 2>&1; then
      # the first display number from 100 on that no X server holds (others may run theirs here)
      n=100
      while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done
      display=:$n
      Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
      xvfb_pid=$!
      export DISPLAY=$display
      for _ in $(seq 1 300); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
    else
      echo "   no DISPLAY and no Xvfb: skipping the CDS archive (apt-get install xvfb, or --no-cds)"
      cds=false
    fi
  fi
fi
if $cds; then
  step "CDS class list (starts the image twice: bn-cnn with the default pipeline, mini-resnet in software)"
  lists=$(mktemp -d)
  start_once "$app/sample-models/bn-cnn.zip" "-XX:DumpLoadedClassList=$lists/1" &&
    start_once "$app/sample-models/mini-resnet.zip" "-XX:DumpLoadedClassList=$lists/2 -Dprism.order=sw" ||
    die "the image did not start; see above"
  awk '!seen[$0]++' "$lists/1" "$lists/2" > "$app/shears.classlist"
  rm -rf "$lists"
  echo "   $(wc -l < "$app/shears.classlist") classes"
fi
stop_xvfb

# Writes the CDS archive for the image where it is now (the archive holds the jar's path).
dump_cds() {
  JAVA_TOOL_OPTIONS="-Xshare:dump -XX:SharedClassListFile=$app/shears.classlist -XX:SharedArchiveFile=$app/shears.jsa" \
    "$image/bin/Shears" > "$pack/cds-dump.log" 2>&1 || { tail -5 "$pack/cds-dump.log"; die "CDS dump failed"; }
}

# --- the .deb ----------------------------------------------------------------------------------
if ! $app_image_only; then
  step "jpackage --type deb (minutes)"
  install_dir=/opt/shears   # jpackage's default: --install-dir /opt + the package name
  cp packaging/linux/Shears.desktop "$pack/resources/"
  for script in postinst prerm; do
    sed "s|@INSTALL_DIR@|$install_dir|g" "packaging/linux/$script" > "$pack/resources/$script"
  done
  # JavaFX's GTK and GL libraries are loaded from inside the jar's natives: jpackage's dependency scan
  # cannot see them. The CDS archive is made by postinst, at the installed path. --linux-shortcut
  # makes jpackage fill in our Shears.desktop; postinst installs it (not jpackage's xdg-desktop-menu).
  rm "$nolapack_link"
  jpackage --type deb --dest "$dist" --name Shears --app-image "$image" \
    --app-version "$version" --vendor "Shears" \
    --description "See and prune trained neural networks" \
    --linux-package-name shears --linux-app-category science --linux-menu-group 'Science;ArtificialIntelligence;' \
    --linux-shortcut --icon assets/icons/shears-256.png \
    --linux-package-deps 'libgtk-3-0, libgl1' \
    --resource-dir "$pack/resources"
  ln -s libopenblas.so.0 "$nolapack_link"
fi

if $cds; then
  step "CDS archive for $image"
  dump_cds
fi

step "done"
du -sh "$image"
ls -l "$dist"/*.deb 2>/dev/null || true
