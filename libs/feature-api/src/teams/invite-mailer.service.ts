import { Inject, Injectable } from '@nestjs/common';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { createTransport, type Transporter } from 'nodemailer';

export interface InviteMail {
  to: string;
  organizationName: string;
  invitedBy: string;
  role: string;
  url: string;
  expiresAt: Date;
}

/**
 * E-mails invitation links through the SMTP server in SMTP_URL (nodemailer), when one is set;
 * without it the link is only shown to the person who invited, to pass on. A failed send does
 * not undo the invitation: the link is shown either way.
 */
@Injectable()
export class InviteMailerService {
  private transport: Transporter | undefined;

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  get configured(): boolean {
    return this.runtime.config.SMTP_URL !== undefined;
  }

  /** True when the SMTP server took the message. */
  async send(mail: InviteMail): Promise<boolean> {
    const url = this.runtime.config.SMTP_URL;
    if (url === undefined) return false;
    this.transport ??= createTransport(url);
    try {
      await this.transport.sendMail({
        from: this.runtime.config.SMTP_FROM,
        to: mail.to,
        subject: `${mail.invitedBy} invited you to ${mail.organizationName} on Vigil`,
        text: [
          `${mail.invitedBy} invited you to join ${mail.organizationName} on Vigil as ${/^[aeiou]/.test(mail.role) ? 'an' : 'a'} ${mail.role}.`,
          '',
          `Accept the invitation and choose a password here:`,
          mail.url,
          '',
          `The link works once, until ${mail.expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC.`,
          'If you did not expect this, ignore this message.',
        ].join('\n'),
      });
      return true;
    } catch (error) {
      this.runtime.logger.warn({ err: error, to: mail.to }, 'could not e-mail an invitation; the link is shown to whoever invited');
      return false;
    }
  }
}
