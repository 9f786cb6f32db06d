import { router } from '../../trpc/init';
import { loginProcedure } from './login';
import { logoutProcedure } from './logout';
import { meProcedure } from './me';

export const authRouter = router({ login: loginProcedure, logout: logoutProcedure, me: meProcedure });
