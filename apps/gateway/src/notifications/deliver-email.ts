/** Sends notification e-mails over SMTP (nodemailer), one transport per SMTP URL. */
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';

export interface EmailSender {
  send(to: string, subject: string, text: string): Promise<{ messageId: string }>;
  close(): void;
}

export function createEmailSender(smtpUrl: string, from: string): EmailSender {
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  return {
    async send(to, subject, text) {
      const info = (await transport.sendMail({ from, to, subject, text })) as { messageId: string };
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
