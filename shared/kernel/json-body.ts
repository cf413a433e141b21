// JSON bodies as the vendors take them: an empty body with Content-Type: application/json is no body
// (SDKs send that on lifecycle calls, curl and fetch often do), and text that is not JSON is refused
// with the error the caller supplies (each vendor words it differently).
import type { FastifyInstance } from 'fastify';

export function acceptJsonBodies(app: FastifyInstance, malformed: (parseMessage: string) => Error): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(malformed((error as Error).message), undefined);
    }
  });
}
