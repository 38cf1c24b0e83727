import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { JSON_CONTENT_TYPE, type Sink, type SinkFile } from './sink.ts';

export interface S3SinkOptions {
  endpoint: string | null;
  bucket: string;
  prefix: string;
  region: string;
  forcePathStyle: boolean;
  includeAdmin: boolean;
  /** Tests only; production credentials come from the SDK's standard chain. */
  client?: S3Client;
}

/**
 * The S3-compatible sink (spec 07 §1): one PUT per object (atomic per object) with the JSON
 * content type, the file's Cache-Control and `x-amz-meta-sha256`. v1/admin/* is uploaded only
 * with includeAdmin (a public bucket must not carry admin files by default).
 */
export class S3Sink implements Sink {
  readonly name = 's3';
  private readonly client: S3Client;

  constructor(private readonly opts: S3SinkOptions) {
    this.client =
      opts.client ??
      new S3Client({
        region: opts.region,
        endpoint: opts.endpoint ?? undefined,
        forcePathStyle: opts.forcePathStyle,
      });
  }

  accepts(path: string): boolean {
    return this.opts.includeAdmin || !path.startsWith('v1/admin/');
  }

  key(path: string): string {
    return `${this.opts.prefix}${path}`;
  }

  async put(file: SinkFile): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.opts.bucket,
        Key: this.key(file.path),
        Body: file.bytes,
        ContentType: JSON_CONTENT_TYPE,
        CacheControl: file.cacheControl,
        Metadata: { sha256: file.sha256 },
      }),
    );
  }

  async read(path: string): Promise<Buffer | null> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.opts.bucket, Key: this.key(path) }),
      );
      const bytes = await out.Body?.transformToByteArray();
      return bytes ? Buffer.from(bytes) : null;
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name === 'NoSuchKey' || name === 'NotFound') return null;
      throw e;
    }
  }

  close(): void {
    this.client.destroy();
  }
}
