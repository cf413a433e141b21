// drive.about.get: the caller as a Drive user, storage quota and the import/export basics.
import type { FastifyInstance } from 'fastify';
import type { TwinContext } from '../../../shared/kernel/twin-definition.js';
import { DRIVE_READ, requireScope } from '../auth.js';
import { usersByEmail } from '../drive.js';
import { googleId } from '../../../shared/seeding/people-ids.js';
import { googleInvalidParameter } from '../errors.js';
import type { GoogleData } from '../store.js';
import { avatarOf } from '../user-profile.js';
import { select } from './params.js';

export function aboutRoutes(app: FastifyInstance, ctx: TwinContext<GoogleData>): void {
  app.get<{ Querystring: { fields?: string } }>('/drive/v3/about', { config: { operation: 'drive.about.get' } }, (request) => {
    const { email } = requireScope(request, DRIVE_READ);
    const data = ctx.store.data;
    // The service account acting as itself is no domain user.
    const user = usersByEmail(data.users).get(email);
    const about = {
      kind: 'drive#about',
      user: {
        kind: 'drive#user', displayName: user?.name.fullName ?? email.split('@')[0], ...(user && { photoLink: avatarOf(user) }), me: true,
        permissionId: user?.id ?? googleId(ctx.seed(), email), emailAddress: email,
      },
      storageQuota: { limit: '16106127360', usage: '0', usageInDrive: '0', usageInDriveTrash: '0' },
      appInstalled: false, canCreateDrives: true, canCreateTeamDrives: true,
      maxUploadSize: '5242880000000',
      exportFormats: {
        'application/vnd.google-apps.document': ['text/plain', 'text/html', 'application/pdf'],
        'application/vnd.google-apps.spreadsheet': ['text/csv', 'application/pdf'],
      },
    };
    // Drive insists on `fields` for about.get.
    if (!request.query.fields) throw googleInvalidParameter('fields', "The 'fields' parameter is required for this method.", 'required');
    return select(about, request.query.fields, '*');
  });
}
