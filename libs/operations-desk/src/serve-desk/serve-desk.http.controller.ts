import { Controller, Get, Inject, Next, Param, Res } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { Public } from '@hcv/platform-access';
import { sendWebAppPage } from '@hcv/platform-http';
import { DESK_APP } from '../tokens';
import { deskContentSecurityPolicy, isPageName, type DeskFiles } from './desk-files';

export interface DeskApp {
  files: DeskFiles;
  /** The identity provider and the APIs the page may call (GET /desk/config.json's); read per request. */
  connectSources: () => readonly (string | null | undefined)[];
}

const NOT_BUILT = {
  error: {
    code: 'route-not-found',
    message: 'The operations desk is not built on this server (npm run build builds it into dist/apps/operations-desk/www).',
  },
};

/**
 * The operations desk (apps/operations-desk): the page at /desk/ and any client-side page under it
 * (/desk/login, /desk/callback, …), and its content-hashed assets. Public: the files hold no data;
 * every call the app makes carries the staff token of its OIDC login. /dashboard (the earlier page's
 * address) answers the same page.
 */
@Controller()
export class ServeDeskHttpController {
  constructor(@Inject(DESK_APP) private readonly app: DeskApp) {}

  private csp(): string {
    return deskContentSecurityPolicy(this.app.connectSources());
  }

  /** The earlier dashboard's address: the desk's page (the app moves itself to /desk/). */
  @Get('dashboard')
  @Public()
  dashboard(@Res() res: Response) {
    this.sendPage(res);
  }

  @Get('desk')
  @Public()
  index(@Res() res: Response) {
    this.sendPage(res);
  }

  @Get('desk/assets/:file')
  @Public()
  asset(@Param('file') file: string, @Res() res: Response, @Next() next: NextFunction) {
    const path = this.app.files.asset(file);
    if (!path) return next();
    res.setHeader('Content-Security-Policy', this.csp());
    res.sendFile(path, { maxAge: '365d', immutable: true, dotfiles: 'deny' });
  }

  @Get('desk/:page')
  @Public()
  page(@Param('page') page: string, @Res() res: Response, @Next() next: NextFunction) {
    if (!isPageName(page)) return next();
    this.sendPage(res);
  }

  private sendPage(res: Response) {
    sendWebAppPage(res, this.app.files, this.csp(), NOT_BUILT);
  }
}
