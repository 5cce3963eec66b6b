import { useCallback } from 'react';
import { useToast } from '../../../components/Toaster';
import { signOut } from '../api/authApi';

export function useSignOut(): () => Promise<void> {
  const toast = useToast();
  return useCallback(async () => {
    await signOut();
    toast.info('You are signed out.');
  }, [toast]);
}
