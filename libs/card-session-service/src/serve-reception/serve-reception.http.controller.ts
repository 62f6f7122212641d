import { Controller, Get, Inject, Next, Param, Res } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { Public } from '@hcv/platform-access';
import { sendWebAppPage } from '@hcv/platform-http';
import { RECEPTION_APP } from '../tokens';
import { isPageName, receptionContentSecurityPolicy, type ReceptionFiles } from './reception-files';

export interface ReceptionApp {
  files: ReceptionFiles;
  /** Origins the app may call besides this one (the device registry, for activation and readiness); read per request (embedded mode learns its ports late). */
  connectSources: () => readonly string[];
}

const NOT_BUILT = {
  error: {
    code: 'route-not-found',
    message: 'The reception app is not built on this server (npm run build builds it into dist/apps/reception/www).',
  },
};

/**
 * The reception app (apps/reception, built by `npm run build`): the page at /reception/ and any
 * client-side page under it (the same page: the app decides what to show), and its content-hashed
 * assets. Public: the files hold no data; every call the app makes is device-signed. The CSP allows
 * scripts, styles and connections to this origin only, plus the device registry.
 */
@Controller('reception')
export class ServeReceptionHttpController {
  constructor(@Inject(RECEPTION_APP) private readonly app: ReceptionApp) {}

  private csp(): string {
    return receptionContentSecurityPolicy(this.app.connectSources());
  }

  @Get()
  @Public()
  index(@Res() res: Response) {
    this.sendPage(res);
  }

  @Get('assets/:file')
  @Public()
  asset(@Param('file') file: string, @Res() res: Response, @Next() next: NextFunction) {
    const path = this.app.files.asset(file);
    if (!path) return next();
    res.setHeader('Content-Security-Policy', this.csp());
    // The name carries the content hash: a new build has new names, so a copy never goes stale.
    res.sendFile(path, { maxAge: '365d', immutable: true, dotfiles: 'deny' });
  }

  /** The service worker that keeps the app's files for offline use (scope /reception/); revalidated like the page. */
  @Get('sw.js')
  @Public()
  serviceWorker(@Res() res: Response, @Next() next: NextFunction) {
    const path = this.app.files.serviceWorker();
    if (!path) return next();
    res.setHeader('Content-Security-Policy', this.csp());
    res.sendFile(path, { headers: { 'Cache-Control': 'no-cache' }, dotfiles: 'deny' });
  }

  /** A page of the app (a reload on a client-side route); a name with an extension is left to other routes, else 404. */
  @Get(':page')
  @Public()
  page(@Param('page') page: string, @Res() res: Response, @Next() next: NextFunction) {
    if (!isPageName(page)) return next();
    this.sendPage(res);
  }

  private sendPage(res: Response) {
    sendWebAppPage(res, this.app.files, this.csp(), NOT_BUILT);
  }
}
