// Files as task input: upload (413 over the limit, type decided by content, 4xx naming the row / column
// of a bad table), list and view. Stored per tenant with their parsed form (see FileService).
import { IdParamsSchema, PageQuerySchema } from '../../contracts/contracts.js';
import { StoredFilePageSchema, StoredFileSchema, UploadFileRequestSchema } from '../../contracts/work.js';
import type { FileService } from '../../marketplace/work/file-service.js';
import type { RequestAuth } from '../request-auth.js';
import { bearer, defined, errors, type RouteScope } from '../route-kit.js';

export interface FileRoutesDeps {
  auth: RequestAuth;
  files: FileService;
}

export function registerFileRoutes(app: RouteScope, deps: FileRoutesDeps): void {
  const { auth, files } = deps;
  const tags = ['files'];
  app.post(
    '/files',
    {
      bodyLimit: files.maxBodyBytes,
      schema: {
        tags,
        summary:
          'Upload a CSV, XLSX, HTML, Markdown or text file (base64) for tasks to read; its type is decided by its content',
        security: bearer,
        body: UploadFileRequestSchema,
        response: { 201: StoredFileSchema, ...errors(401, 413, 415) },
      },
    },
    async (request, reply) => reply.status(201).send(await files.upload(auth.user(request), request.body)),
  );
  app.get(
    '/files',
    {
      schema: {
        tags,
        summary: "Your organisation's uploaded files, newest first",
        security: bearer,
        querystring: PageQuerySchema,
        response: { 200: StoredFilePageSchema, ...errors(401) },
      },
    },
    async (request) =>
      files.list(auth.user(request), { ...defined(request.query), limit: request.query.limit }),
  );
  app.get(
    '/files/:id',
    {
      schema: {
        tags,
        summary: 'One uploaded file: its kind, size, columns and rows, or text length',
        security: bearer,
        params: IdParamsSchema,
        response: { 200: StoredFileSchema, ...errors(401, 404) },
      },
    },
    async (request) => files.get(auth.user(request), request.params.id),
  );
}
