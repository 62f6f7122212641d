import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Public } from '@hcv/platform-access';

/** The page and its assets, read once (copied next to the compiled code by tools/link-dist-libs.mjs). */
const STATIC_DIR = join(__dirname, 'static');
const asset = (name: string) => readFileSync(join(STATIC_DIR, name), 'utf8');

/**
 * The operations dashboard: plain HTML, CSS and JavaScript, no build step. The page holds no data
 * (public); it calls the staff-only /operations/* APIs with the bearer token the user pastes (or
 * passes in the URL fragment, which never reaches a server log).
 */
@Controller('dashboard')
export class ServeDashboardHttpController {
  private readonly files = { html: asset('dashboard.html'), js: asset('dashboard.js'), css: asset('dashboard.css') };

  @Get()
  @Public()
  page(@Res() res: Response) {
    res.status(200).type('text/html; charset=utf-8').setHeader('cache-control', 'no-cache').send(this.files.html);
  }

  @Get('dashboard.js')
  @Public()
  script(@Res() res: Response) {
    res.status(200).type('text/javascript; charset=utf-8').setHeader('cache-control', 'no-cache').send(this.files.js);
  }

  @Get('dashboard.css')
  @Public()
  style(@Res() res: Response) {
    res.status(200).type('text/css; charset=utf-8').setHeader('cache-control', 'no-cache').send(this.files.css);
  }
}
