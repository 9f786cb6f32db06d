import { router } from '../../trpc/init';
import { accountProcedure, changePasswordProcedure, endOtherSessionsProcedure } from './account';
import { loginProcedure } from './login';
import { logoutProcedure } from './logout';
import { meProcedure } from './me';

export const authRouter = router({
  login: loginProcedure,
  logout: logoutProcedure,
  me: meProcedure,
  account: accountProcedure,
  changePassword: changePasswordProcedure,
  endOtherSessions: endOtherSessionsProcedure,
});
