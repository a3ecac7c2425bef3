import { createHash } from "crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, posix } from "path";
import { Construct } from "constructs";
import { AssetType, ITerraformDependable, TerraformAsset } from "cdktf";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { zipSync, type Zippable } from "fflate";

export interface InitialRevisionProps {
  /** Folder of the revision (appspec.yml at its root). */
  readonly bundleDirectory: string;
  readonly bucketName: string;
  /** What the bucket must have before the object is written (its versioning and encryption). @default none */
  readonly dependsOn?: ITerraformDependable[];
  /** @default "revisions/initial.zip" */
  readonly key?: string;
}

/**
 * The revision bundle zipped at synth time and uploaded to the artifact bucket, so a fresh
 * estate can run its first blue/green deployment without anyone zipping files by hand. The
 * object changes exactly when the archive's bytes do (its hash is the asset's).
 */
export class InitialRevision extends Construct {
  public readonly asset: TerraformAsset;
  public readonly object: S3Object;
  public readonly key: string;

  constructor(scope: Construct, id: string, props: InitialRevisionProps) {
    super(scope, id);
    this.key = props.key ?? "revisions/initial.zip";
    const archive = packageRevision(props.bundleDirectory);
    // A FILE asset of the ready archive: cdktf copies it into each stack's folder under the same
    // path an ARCHIVE asset gets (assets/<id>/<hash>/archive.zip), without zipping it again.
    this.asset = new TerraformAsset(this, "bundle", { path: archive.file, type: AssetType.FILE, assetHash: archive.hash });
    this.object = new S3Object(this, "object", {
      bucket: props.bucketName,
      key: this.key,
      source: this.asset.path,
      // The object is encrypted with KMS, so its ETag is no content hash: track the asset's.
      sourceHash: this.asset.assetHash,
      contentType: "application/zip",
      dependsOn: props.dependsOn,
    });
  }
}

/** A packaged revision: the zip on disk and the MD5 of its bytes (32 upper-case hex digits). */
export interface RevisionArchive {
  readonly file: string;
  readonly hash: string;
}

/**
 * Every entry's modification time: the earliest a zip can hold (MS-DOS dates start in 1980).
 * Zip stores local wall-clock fields, so the date is built from local fields: the same bytes
 * in every time zone.
 */
const ZIP_EPOCH = () => new Date(1980, 0, 1, 0, 0, 0);
/** "Made by" Unix (APPNOTE 4.4.2), so unzip restores the mode kept in the external attributes. */
const MADE_BY_UNIX = 3;
/** Git's two file modes: the checkout's umask and owner never reach the archive. */
const modeOf = (mode: number) => (mode & 0o111 ? 0o100755 : 0o100644);

/** Archives already packaged by this process, by the fingerprint of what goes into them. */
const packaged = new Map<string, RevisionArchive>();

/**
 * Packages `directory` as a revision archive (see {@link zipDirectory}) once per content: later
 * calls for the same files, modes and bytes return the first result. The archive is written to
 * a folder of the system's temporary directory named by its hash, which later runs reuse.
 *
 * cdktf's own ARCHIVE assets start a child process per asset and stack (their zip library,
 * archiver, is asynchronous and synthesis is not) and store each file's mtime, which differs
 * from checkout to checkout.
 *
 * @throws Error when `directory` holds no file.
 */
export function packageRevision(directory: string): RevisionArchive {
  const files = readBundle(directory);
  const fingerprint = createHash("sha256");
  for (const { path, mode, content } of files) fingerprint.update(`${path}\0${mode}\0${content.length}\0`).update(content);
  const key = fingerprint.digest("hex");
  const known = packaged.get(key);
  if (known) return known;

  const bytes = zipBundle(files);
  const hash = createHash("md5").update(bytes).digest("hex").toUpperCase();
  const folder = join(tmpdir(), `codedeploy-bluegreen-revisions-${process.getuid?.() ?? "user"}`, hash);
  const file = join(folder, "archive.zip");
  const existing = statSync(file, { throwIfNoEntry: false });
  if (!existing || existing.size !== bytes.length || !readFileSync(file).equals(bytes)) {
    mkdirSync(folder, { recursive: true });
    // Written aside and renamed: a concurrent synth never copies a half-written archive.
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, bytes);
    renameSync(partial, file);
  }
  const archive = { file, hash };
  packaged.set(key, archive);
  return archive;
}

/**
 * The zip of `directory`, reproducibly: entries sorted by path, fixed timestamps, modes
 * normalised to git's 0644/0755 (exec bits kept, umask and owner dropped), no directory
 * entries, deflated by fflate (pure JavaScript, pinned in the lockfile, so the bytes do not
 * depend on the zlib a Node build links). Same files, same bytes, on every machine.
 *
 * @throws Error when `directory` holds no file.
 */
export function zipDirectory(directory: string): Uint8Array {
  return zipBundle(readBundle(directory));
}

interface BundleFile {
  readonly path: string;
  readonly mode: number;
  readonly content: Buffer;
}

function zipBundle(files: BundleFile[]): Uint8Array {
  const entries: Zippable = {};
  for (const { path, mode, content } of files) {
    entries[path] = [content, { mtime: ZIP_EPOCH(), os: MADE_BY_UNIX, attrs: mode << 16, level: 9 }];
  }
  return zipSync(entries);
}

/** The regular files below `directory` (symbolic links followed), sorted, with git's modes. */
function readBundle(directory: string): BundleFile[] {
  const files = listFiles(directory).map(({ path, mode }) => ({
    path,
    mode: modeOf(mode),
    content: readFileSync(join(directory, ...path.split("/"))),
  }));
  if (files.length === 0) throw new Error(`revision bundle ${directory} holds no file`);
  return files;
}

/** Regular files below `directory` (symbolic links followed), as sorted POSIX paths. */
function listFiles(directory: string): { path: string; mode: number }[] {
  const files: { path: string; mode: number }[] = [];
  const walk = (relative: string) => {
    for (const name of readdirSync(join(directory, relative))) {
      const path = relative ? posix.join(relative, name) : name;
      const stat = statSync(join(directory, path));
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile()) files.push({ path, mode: stat.mode });
    }
  };
  walk("");
  // Byte order of the UTF-8 paths, not the locale's collation.
  return files.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}
